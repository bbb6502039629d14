package io.omadm.gateway.adaptation.modbus;

import io.omadm.gateway.adaptation.AddressOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a Modbus device is and how it numbers and orders its data, as its address says it:
 * {@code <host:port | /dev/serial-port>[?unit-id=<0..247>&byte-order=ABCD|CDAB|BADC|DCBA&max-gap=<0..124>]}, then
 * {@code &framing=tcp|rtu} for TCP, or {@code &baud=19200&parity=none|even|odd&data-bits=8&stop-bits=1} for a serial
 * port. The unit id picks one device on a bus or behind a TCP gateway (default 1); the byte order says how a value of
 * several registers lies in them ({@link ModbusValues}); max-gap is how many registers (or coils) that no point asks
 * for a joined read may span (default 0: only adjacent ranges are joined, since a device may refuse to read an address
 * it does not map); framing {@code rtu} is RTU frames over TCP (serial-to-Ethernet converters). Devices with the same
 * bus (the host and port and framing, or the serial port and its settings) share one connection: the {@link #bus} is
 * its name.
 */
record ModbusEndpoint(String bus, Transport transport, String where, int unitId, String byteOrder, int maxGap,
        SerialSettings serial) {

    enum Transport { TCP, RTU_OVER_TCP, SERIAL_RTU }

    /** A serial line's settings. */
    record SerialSettings(int baud, String parity, int dataBits, int stopBits) {
    }

    static final Set<String> ORDERS = Set.of("ABCD", "CDAB", "BADC", "DCBA");
    private static final Set<String> PARITIES = Set.of("none", "even", "odd");

    /** The endpoint an address names; IllegalArgumentException saying what is wrong with it. */
    static ModbusEndpoint parse(String address) {
        AddressOptions parsed = AddressOptions.parse(address);
        String where = parsed.base();
        boolean serial = where.startsWith("/");
        if (!serial && !where.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("'" + address + "' is not host:port or a serial port (/dev/ttyUSB0),"
                    + " with ?unit-id=N&byte-order=ABCD");
        }
        Map<String, String> o = parsed.options();
        Set<String> known = serial ? Set.of("unit-id", "byte-order", "max-gap", "baud", "parity", "data-bits",
                "stop-bits") : Set.of("unit-id", "byte-order", "max-gap", "framing");
        for (String option : o.keySet()) {
            if (!known.contains(option)) {
                throw new IllegalArgumentException("'" + option + "' in '" + address + "' is not an option of a Modbus "
                        + (serial ? "serial" : "TCP") + " address: " + String.join(", ", known.stream().sorted()
                        .toList()));
            }
        }
        int unit = number(o.getOrDefault("unit-id", "1"), "unit-id", 0, 247, address);
        String order = o.getOrDefault("byte-order", "ABCD").toUpperCase(Locale.ROOT);
        if (!ORDERS.contains(order)) {
            throw new IllegalArgumentException("byte-order '" + o.get("byte-order") + "' in '" + address
                    + "' is not one of ABCD, CDAB, BADC, DCBA");
        }
        int gap = number(o.getOrDefault("max-gap", "0"), "max-gap", 0, ModbusTag.MAX_REGISTERS - 1, address);
        if (serial) {
            SerialSettings s = serial(o, address);
            return new ModbusEndpoint(where + " (RTU " + s.baud() + " " + s.dataBits() + s.parity().charAt(0)
                    + s.stopBits() + ")", Transport.SERIAL_RTU, where, unit, order, gap, s);
        }
        String framing = o.getOrDefault("framing", "tcp");
        if (!framing.equals("tcp") && !framing.equals("rtu")) {
            throw new IllegalArgumentException("framing '" + framing + "' in '" + address + "' is not tcp or rtu");
        }
        boolean rtu = framing.equals("rtu");
        return new ModbusEndpoint(rtu ? where + " (RTU over TCP)" : where, rtu ? Transport.RTU_OVER_TCP : Transport.TCP,
                where, unit, order, gap, null);
    }

    private static SerialSettings serial(Map<String, String> o, String address) {
        String parity = o.getOrDefault("parity", "none").toLowerCase(Locale.ROOT);
        if (!PARITIES.contains(parity)) {
            throw new IllegalArgumentException("parity '" + parity + "' in '" + address + "' is not none, even, odd");
        }
        return new SerialSettings(number(o.getOrDefault("baud", "19200"), "baud", 300, 921_600, address), parity,
                number(o.getOrDefault("data-bits", "8"), "data-bits", 7, 8, address),
                number(o.getOrDefault("stop-bits", "1"), "stop-bits", 1, 2, address));
    }

    private static int number(String value, String option, int min, int max, String address) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " '" + value + "' in '" + address + "' is not " + min + " to "
                + max);
    }

    /** What is wrong with an address, when it names one (a profile's {@code {address}} is the device's, later). */
    static Optional<String> problem(String address) {
        if (address.contains("{")) {
            return Optional.empty();
        }
        return AddressOptions.problem(address, ModbusEndpoint::parse);
    }

    String host() {
        return where.substring(0, where.lastIndexOf(':')).replace("[", "").replace("]", "");
    }

    int port() {
        return Integer.parseInt(where.substring(where.lastIndexOf(':') + 1));
    }
}
