package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.modbus.ModbusValues.BadValue;
import io.omadm.gateway.testing.FreePort;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Modbus value table: a row per PLC4X data type the adapter converts, and the tags it refuses. */
class ModbusValuesTest {

    @Test
    void dmTextBecomesTheTagsDataType() throws BadValue {
        assertEquals(Boolean.TRUE, ModbusValues.typed("coil:1", "true"));
        assertEquals((short) -5, ModbusValues.typed("holding-register:1", " -5 "));
        assertEquals((short) 1200, ModbusValues.typed("holding-register:1:INT", "1200"));
        assertEquals(65535, ModbusValues.typed("holding-register:1:UINT", "65535"));
        assertEquals(-100000, ModbusValues.typed("holding-register:1:DINT", "-100000"));
        assertEquals(21.5f, ModbusValues.typed("holding-register:1:REAL", "21.5"));
        assertEquals(1.0E300, ModbusValues.typed("holding-register:1:LREAL", "1.0E300"));
    }

    @Test
    void valuesThatDoNotFitAndUnknownTagsAreRefused() {
        assertThrows(BadValue.class, () -> ModbusValues.typed("holding-register:1:INT", "70000"));
        assertThrows(BadValue.class, () -> ModbusValues.typed("holding-register:1:LREAL", "fast"));
        assertTrue(ModbusValues.problem("holding-register:1:LREAL").isEmpty());
        assertTrue(ModbusValues.problem("holding-register:0:INT").isPresent(), "addresses are 1-based");
        assertTrue(ModbusValues.problem("coil:3:REAL").isPresent(), "a coil is a bit");
        assertTrue(ModbusValues.problem("holding-register:1:STRING").orElseThrow().contains("LREAL"),
                "the refusal lists the types there are");
    }

    @Test
    void aFloat64IsWrittenToAndReadFromFourRegistersOfARealSlave() throws Exception {
        int port = FreePort.forChildProcess();
        SimpleProcessImage image = new SimpleProcessImage();
        for (int i = 0; i < 4; i++) {
            image.addRegister(new SimpleRegister(0));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false);
        slave.addProcessImage(1, image);
        slave.open();
        ModbusAdapter adapter = new ModbusAdapter(Duration.ofSeconds(2), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
        try {
            String address = "127.0.0.1:" + port + "|holding-register:1:LREAL";
            Response written = adapter.handle(new Request("Replace", "plc-f64", "modbus", "Energy", address, "float",
                    "text/plain", "p", "123456.789012345".getBytes(StandardCharsets.UTF_8)));
            assertEquals(200, written.dmStatus());
            long bits = 0;
            for (int i = 0; i < 4; i++) { // big-endian words, as Modbus sends them
                bits = bits << 16 | image.getRegister(i).toUnsignedShort();
            }
            assertEquals(123456.789012345, Double.longBitsToDouble(bits), "IEEE 754 binary64 in registers 0-3");
            Response read = adapter.handle(new Request("Get", "plc-f64", "modbus", "Energy", address, "float",
                    "text/plain", "p", null));
            assertEquals("123456.789012345", new String(read.body(), StandardCharsets.UTF_8));
        } finally {
            adapter.close();
            ModbusSlaveFactory.close(slave);
        }
    }
}
