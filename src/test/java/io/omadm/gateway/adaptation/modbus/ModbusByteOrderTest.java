package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.testing.FreePort;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Modbus TCP slave (j2mod) holding values the way PLCs store them: 32- and 64-bit integers and floats, a float in
 * each of the four byte orders, and a second device behind the same TCP port (unit id 3). The device's address says
 * its unit id and byte order; the gateway reads and writes each value right.
 */
class ModbusByteOrderTest {

    private ModbusSlave slave;
    private final SimpleProcessImage unit1 = new SimpleProcessImage();
    private final SimpleProcessImage unit3 = new SimpleProcessImage();
    private ModbusAdapter adapter;
    private String host;

    /** Registers from 1 (PLC4X's numbering) on: each value's words, as the slave holds them. */
    private static final int[] WORDS = {
        0x41AC, 0x0000,                     // 1-2   21.5f ABCD
        0x0000, 0x41AC,                     // 3-4   21.5f CDAB
        0xAC41, 0x0000,                     // 5-6   21.5f BADC
        0x0000, 0xAC41,                     // 7-8   21.5f DCBA
        0xFFFE, 0x1DC0,                     // 9-10  int32 -123456
        0xEE6B, 0x2800,                     // 11-12 uint32 4000000000
        0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE,     // 13-16 int64 -2
        0x4035, 0x8000, 0x0000, 0x0000};    // 17-20 float64 21.5

    @BeforeEach
    void plc() throws Exception {
        for (int w : WORDS) {
            unit1.addRegister(new SimpleRegister(w));
        }
        unit3.addRegister(new SimpleRegister(777));
        int port = FreePort.forChildProcess();
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false);
        slave.addProcessImage(1, unit1);
        slave.addProcessImage(3, unit3);
        slave.open();
        host = "127.0.0.1:" + port;
        adapter = new ModbusAdapter(Duration.ofSeconds(3), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
    }

    @AfterEach
    void stop() {
        adapter.close();
        ModbusSlaveFactory.close(slave);
    }

    private String get(String endpoint, String tag) throws Exception {
        var r = adapter.handle(new Request("Get", "plc-7", "modbus", "P", endpoint + "|" + tag, "chr", "text/plain",
                "plc", null));
        assertEquals(200, r.dmStatus(), endpoint + "|" + tag);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void eachTypeAndByteOrderIsReadAsThePlcHoldsIt() throws Exception {
        assertEquals("21.5", get(host, "holding-register:1:REAL"), "ABCD, the default");
        assertEquals("21.5", get(host + "?byte-order=CDAB", "holding-register:3:REAL"));
        assertEquals("21.5", get(host + "?byte-order=BADC", "holding-register:5:REAL"));
        assertEquals("21.5", get(host + "?byte-order=DCBA", "holding-register:7:REAL"));
        assertEquals("-123456", get(host, "holding-register:9:DINT"));
        assertEquals("4000000000", get(host, "holding-register:11:UDINT"));
        assertEquals("-2", get(host, "holding-register:13:LINT"));
        assertEquals("21.5", get(host, "holding-register:17:LREAL"));
        assertEquals("777", get(host + "?unit-id=3", "holding-register:1:INT"), "the device behind unit id 3");
    }

    @Test
    void aWriteLaysTheValueOutInTheDevicesByteOrder() throws Exception {
        var r = adapter.handle(new Request("Replace", "plc-7", "modbus", "P", host + "?byte-order=CDAB"
                + "|holding-register:3:REAL", "float", "text/plain", "plc", "42.25".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, r.dmStatus());
        // 42.25f = 0x42290000: CDAB holds the low word first
        assertEquals(0x0000, unit1.getRegister(2).getValue());
        assertEquals(0x4229, unit1.getRegister(3).getValue());
        assertEquals("42.25", get(host + "?byte-order=CDAB", "holding-register:3:REAL"));
    }

    @Test
    void aWrongAddressOptionIsRefusedWithWhatIsAllowed() {
        assertTrue(adapter.problem(host + "?byte-order=ABDC|holding-register:1:REAL").orElseThrow()
                .contains("ABCD, CDAB, BADC, DCBA"));
        assertTrue(adapter.problem(host + "?unit=3|holding-register:1:INT").orElseThrow()
                .contains("byte-order, framing, max-gap, unit-id"));
        assertTrue(adapter.problem(host + "?unit-id=300|holding-register:1:INT").orElseThrow()
                .contains("0 to 247"));
        assertTrue(adapter.problem("{address}|holding-register:1:ULINT").isEmpty(), "the device's, later");
    }
}
