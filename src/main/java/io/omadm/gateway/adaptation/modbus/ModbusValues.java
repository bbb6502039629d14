package io.omadm.gateway.adaptation.modbus;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Modbus values the adapter converts: for each PLC4X data type a tag may name, how a DM value (text) becomes the
 * Java value PLC4X writes. A read value is sent back as its text. Adding a type is one row of {@link #TYPES} (and its
 * test row); PLC4X reads and writes as many registers as the type needs.
 */
final class ModbusValues {

    /** Registers: PLC4X data type to the parser of a DM value. Coils and discrete inputs are BOOL only. */
    private static final Map<String, Function<String, Object>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("BOOL", ModbusValues::bool);
        TYPES.put("INT", Short::parseShort);       // int16, one register
        TYPES.put("UINT", ModbusValues::uint16);   // uint16, one register
        TYPES.put("DINT", Integer::parseInt);      // int32, two registers
        TYPES.put("UDINT", ModbusValues::uint32);  // uint32, two registers
        TYPES.put("LINT", Long::parseLong);        // int64, four registers
        TYPES.put("ULINT", ModbusValues::uint64);  // uint64, four registers
        TYPES.put("REAL", Float::parseFloat);      // float32, two registers
        TYPES.put("LREAL", Double::parseDouble);   // float64, four registers
    }

    /** The tags the adapter reads and writes: area, 1-based address, optional type it can convert. */
    static final Pattern TAG = Pattern.compile("(holding-register|input-register):[1-9][0-9]*(:("
            + String.join("|", TYPES.keySet()) + "))?|(coil|discrete-input):[1-9][0-9]*(:BOOL)?");

    private ModbusValues() {
    }

    /** The DM value cannot be written as the tag's data type: the device is not asked. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    /** What is wrong with a tag, or empty when the adapter can use it. */
    static Optional<String> problem(String tag) {
        return TAG.matcher(tag).matches() ? Optional.empty() : Optional.of("'" + tag + "' is not a Modbus tag this "
                + "adapter knows: holding-register|input-register:<n>[:" + String.join("|", TYPES.keySet())
                + "] or coil|discrete-input:<n>, n from 1");
    }

    /** A DM value as the Java type PLC4X writes for the tag's data type. */
    static Object typed(String tag, String value) throws BadValue {
        String type = type(tag);
        Function<String, Object> parser = TYPES.get(type);
        if (parser == null) {
            throw new BadValue("tag type " + type + " is not one of " + TYPES.keySet().stream()
                    .collect(Collectors.joining(", ")));
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new BadValue("'" + value + "' does not fit " + tag);
        }
    }

    /** true/false or 1/0: any other text is refused, not read as false. */
    private static Boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new NumberFormatException("not a boolean");
        };
    }

    private static Integer uint16(String s) {
        int v = Integer.parseInt(s);
        if (v < 0 || v > 0xFFFF) {
            throw new NumberFormatException("out of the uint16 range");
        }
        return v;
    }

    private static Long uint32(String s) {
        long v = Long.parseLong(s);
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new NumberFormatException("out of the uint32 range");
        }
        return v;
    }

    private static BigInteger uint64(String s) {
        BigInteger v = new BigInteger(s);
        if (v.signum() < 0 || v.bitLength() > 64) {
            throw new NumberFormatException("out of the uint64 range");
        }
        return v;
    }

    /** A value PLC4X read, as DM text. */
    static String format(Object value) {
        return String.valueOf(value);
    }

    /** The tag's data type: the one it names, else BOOL for coils and discrete inputs, INT for registers. */
    static String type(String tag) {
        String[] parts = tag.split(":");
        if (parts.length >= 3) {
            return parts[2].toUpperCase(Locale.ROOT);
        }
        return tag.startsWith("coil:") || tag.startsWith("discrete-input:") ? "BOOL" : "INT";
    }
}
