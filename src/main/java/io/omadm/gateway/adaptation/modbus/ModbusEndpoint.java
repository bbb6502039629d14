package io.omadm.gateway.adaptation.modbus;

import io.omadm.gateway.adaptation.AddressOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Modbus device is and how it numbers and orders its data, as its address says it:
 * {@code host:port[?unit-id=<1..247>][&byte-order=ABCD|CDAB|BADC|DCBA]}. The unit id picks one device behind a TCP
 * gateway (default 1); the byte order says how a 32- or 64-bit value lies in its registers: ABCD big-endian (the
 * Modbus default), CDAB the words swapped (most PLCs that store floats low word first), BADC the bytes of each word
 * swapped, DCBA little-endian. Each distinct address has a connection of its own.
 */
record ModbusEndpoint(String hostPort, int unitId, String byteOrder) {

    /** Our names of the byte orders, to PLC4X's. */
    private static final Map<String, String> ORDERS = Map.of("ABCD", "BIG_ENDIAN", "DCBA", "LITTLE_ENDIAN",
            "BADC", "BIG_ENDIAN_BYTE_SWAP", "CDAB", "LITTLE_ENDIAN_BYTE_SWAP");

    /** The endpoint an address names; IllegalArgumentException saying what is wrong with it. */
    static ModbusEndpoint parse(String address) {
        AddressOptions parsed = AddressOptions.parse(address);
        String hostPort = parsed.base();
        if (!hostPort.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("'" + address + "' is not host:port[?unit-id=N&byte-order=ABCD]");
        }
        int unit = 1;
        String order = "ABCD";
        for (Map.Entry<String, String> o : parsed.options().entrySet()) {
            switch (o.getKey()) {
                case "unit-id" -> unit = unitId(o.getValue(), address);
                case "byte-order" -> {
                    order = o.getValue().toUpperCase(Locale.ROOT);
                    if (!ORDERS.containsKey(order)) {
                        throw new IllegalArgumentException("byte-order '" + o.getValue() + "' in '" + address
                                + "' is not one of ABCD, CDAB, BADC, DCBA");
                    }
                }
                default -> throw new IllegalArgumentException("'" + o.getKey() + "' in '" + address
                        + "' is not an option of a Modbus address: unit-id, byte-order");
            }
        }
        return new ModbusEndpoint(hostPort, unit, order);
    }

    private static int unitId(String value, String address) {
        try {
            int u = Integer.parseInt(value);
            if (u >= 0 && u <= 247) {
                return u;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("unit-id '" + value + "' in '" + address + "' is not 0 to 247");
    }

    /** What is wrong with an address, when it names one (a profile's {@code {address}} is the device's, later). */
    static Optional<String> problem(String address) {
        if (address.contains("{")) {
            return Optional.empty();
        }
        try {
            parse(address);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The PLC4X connection string. */
    String connectionString() {
        return "modbus-tcp://" + hostPort + "?default-unit-identifier=" + unitId + "&default-payload-byte-order="
                + ORDERS.get(byteOrder);
    }
}
