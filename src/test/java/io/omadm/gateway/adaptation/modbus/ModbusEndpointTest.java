package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A Modbus device's address: where, unit, byte order, gap and line settings, and what is wrong with a bad one (the
 * byte order and unit id: ModbusByteOrderTest).
 */
class ModbusEndpointTest {

    @Test
    void aTcpAddressGivesItsHostPortUnitOrderAndGap() {
        ModbusEndpoint e = ModbusEndpoint.parse("10.0.0.7:502?unit-id=3&byte-order=cdab&max-gap=8");
        assertEquals("10.0.0.7", e.host());
        assertEquals(502, e.port());
        assertEquals(3, e.unitId());
        assertEquals("CDAB", e.byteOrder());
        assertEquals(8, e.maxGap());
        assertEquals(ModbusEndpoint.Transport.TCP, e.transport());
        ModbusEndpoint plain = ModbusEndpoint.parse("10.0.0.7:502");
        assertEquals(1, plain.unitId());
        assertEquals("ABCD", plain.byteOrder());
        assertEquals(0, plain.maxGap());
        assertEquals(plain.bus(), e.bus(), "devices behind one TCP gateway share its connection");
    }

    @Test
    void aSerialAddressGivesItsLineSettingsAndNamesItsBusByThem() {
        ModbusEndpoint e = ModbusEndpoint.parse("/dev/ttyUSB0?baud=9600&parity=even&unit-id=12");
        assertEquals(ModbusEndpoint.Transport.SERIAL_RTU, e.transport());
        assertEquals(new ModbusEndpoint.SerialSettings(9600, "even", 8, 1), e.serial());
        assertEquals("/dev/ttyUSB0 (RTU 9600 8e1)", e.bus());
        assertEquals(ModbusEndpoint.Transport.RTU_OVER_TCP,
                ModbusEndpoint.parse("127.0.0.1:4001?framing=rtu").transport());
    }

    @Test
    void aBadAddressIsRefusedSayingWhatIsWrong() {
        assertProblem("10.0.0.7:502?max-gap=125", "max-gap '125'", "0 to 124");
        assertProblem("10.0.0.7:502?max-gap=some", "max-gap 'some'");
        assertProblem("10.0.0.7:502?baud=9600", "'baud'", "not an option of a Modbus TCP address");
        assertProblem("/dev/ttyS0?parity=mark", "parity 'mark'");
        assertProblem("plc.local", "not host:port");
    }

    private static void assertProblem(String address, String... said) {
        String problem = ModbusEndpoint.problem(address).orElseThrow(() -> new AssertionError(address));
        for (String s : said) {
            assertTrue(problem.contains(s), problem);
        }
    }
}
