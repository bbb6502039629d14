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
import io.omadm.gateway.testing.CsvCases;
import io.omadm.gateway.testing.FreePort;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Modbus value table, case by case from src/test/resources/adaptation/modbus-values.csv (a row per conversion:
 * every type in the byte orders, strings, values that do not fit), bits of registers, the tags it refuses, and a
 * float64 through a real slave.
 */
class ModbusValuesTest {

    /** A row of src/test/resources/adaptation/modbus-values.csv. */
    static Stream<Arguments> cases() {
        return CsvCases.of("/adaptation/modbus-values.csv");
    }

    @ParameterizedTest(name = "{0} {1} <- {2}")
    @MethodSource("cases")
    void dmTextBecomesTheWordsOfTheTagsTypeInTheDevicesOrderAndBack(String tag, String order, String value,
            String words, String read) throws BadValue {
        ModbusTag t = ModbusTag.parse(tag);
        if (words.equals("refused")) {
            assertThrows(BadValue.class, () -> ModbusValues.encode(t, value, order));
            return;
        }
        int[] encoded = ModbusValues.encode(t, value, order);
        assertEquals(words, Arrays.stream(encoded).mapToObj(w -> String.format("%04X", w))
                .collect(Collectors.joining(" ")));
        assertEquals(t.registers(), encoded.length, "as many words as the type takes");
        assertEquals(read, ModbusValues.decode(t, encoded, order));
    }

    @Test
    void aBitOfARegisterIsReadFromItsPlace() {
        ModbusTag bit3 = ModbusTag.parse("holding-register:7.3");
        assertEquals(6, bit3.start());
        assertEquals("true", ModbusValues.decode(bit3, new int[] {0x0008}, "ABCD"));
        assertEquals("false", ModbusValues.decode(bit3, new int[] {0xFFF7}, "ABCD"));
        assertEquals("true", ModbusValues.decode(ModbusTag.parse("input-register:1.15"), new int[] {0x8000}, "ABCD"));
    }

    @Test
    void unknownTagsAreRefusedNamingTheTypesThereAre() {
        assertTrue(ModbusTag.problem("holding-register:1:LREAL").isEmpty());
        assertTrue(ModbusTag.problem("holding-register:1:STRING[8]").isEmpty());
        assertTrue(ModbusTag.problem("holding-register:0:INT").isPresent(), "addresses are 1-based");
        assertTrue(ModbusTag.problem("coil:3:REAL").isPresent(), "a coil is a bit");
        assertTrue(ModbusTag.problem("coil:3.2").isPresent(), "a coil has no bits");
        assertTrue(ModbusTag.problem("holding-register:3.16").isPresent(), "a register has 16 bits");
        assertTrue(ModbusTag.problem("holding-register:1:STRING[126]").orElseThrow().contains("125"));
        assertTrue(ModbusTag.problem("holding-register:1:STRING").orElseThrow().contains("STRING[n]"));
        assertTrue(ModbusTag.problem("holding-register:1:WORD").orElseThrow().contains("LREAL"),
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
