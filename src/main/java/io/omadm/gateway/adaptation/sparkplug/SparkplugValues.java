package io.omadm.gateway.adaptation.sparkplug;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * A Sparkplug metric's value as DM text and back, by its birth's datatype: integers (int8 to uint64) as decimal
 * {@code int}, float and double as {@code float}, boolean as {@code bool}, string, text and UUID as {@code chr},
 * DateTime as ISO-8601 UTC {@code chr}, bytes and file as base64 {@code bin}; datasets, templates and arrays as JSON
 * {@code chr} ({@link SparkplugStructures}, read-only). Property sets are not mapped: {@link #format} says null.
 * Integers are read from whichever protobuf field the edge node used (the specification puts uint32 in
 * {@code int_value}, Tahu in {@code long_value}); commands use the field the birth used.
 */
final class SparkplugValues {

    /** A DM value that is not one of the metric's datatype. */
    static final class WrongType extends Exception {
        WrongType(String message) {
            super(message);
        }
    }

    private SparkplugValues() {
    }

    /** The DM format of a datatype; null when the gateway does not map it. */
    static String format(int datatype) {
        return switch (datatype) {
            case DataType.Int8_VALUE, DataType.Int16_VALUE, DataType.Int32_VALUE, DataType.Int64_VALUE,
                    DataType.UInt8_VALUE, DataType.UInt16_VALUE, DataType.UInt32_VALUE, DataType.UInt64_VALUE -> "int";
            case DataType.Float_VALUE, DataType.Double_VALUE -> "float";
            case DataType.Boolean_VALUE -> "bool";
            case DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE, DataType.DateTime_VALUE -> "chr";
            case DataType.Bytes_VALUE, DataType.File_VALUE -> "b64";
            default -> SparkplugStructures.isStructured(datatype) ? "chr" : null; // JSON text
        };
    }

    static String typeName(int datatype) {
        DataType t = DataType.forNumber(datatype);
        return t == null ? "datatype " + datatype : t.name();
    }

    /** A metric's value as DM text; null when it carries none (is_null, or no value field). */
    static String text(Metric m, int datatype) {
        if (m.getIsNull() || m.getValueCase() == Metric.ValueCase.VALUE_NOT_SET) {
            return null;
        }
        long raw = m.hasLongValue() ? m.getLongValue() : m.getIntValue();
        return switch (datatype) {
            case DataType.Int8_VALUE -> Byte.toString((byte) raw);
            case DataType.Int16_VALUE -> Short.toString((short) raw);
            case DataType.Int32_VALUE -> Integer.toString((int) raw);
            case DataType.UInt8_VALUE -> Long.toString(raw & 0xFF);
            case DataType.UInt16_VALUE -> Long.toString(raw & 0xFFFF);
            case DataType.UInt32_VALUE -> Long.toString(raw & 0xFFFF_FFFFL);
            case DataType.Int64_VALUE -> Long.toString(raw);
            case DataType.UInt64_VALUE -> Long.toUnsignedString(raw);
            case DataType.DateTime_VALUE -> Instant.ofEpochMilli(raw).toString();
            case DataType.Float_VALUE -> Float.toString(m.getFloatValue());
            case DataType.Double_VALUE -> Double.toString(m.getDoubleValue());
            case DataType.Boolean_VALUE -> Boolean.toString(m.getBooleanValue());
            case DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE -> m.getStringValue();
            case DataType.Bytes_VALUE, DataType.File_VALUE -> Base64.getEncoder().encodeToString(
                    m.getBytesValue().toByteArray());
            default -> null;
        };
    }

    /**
     * Sets a DM value on a command's metric, typed as the birth declared it.
     *
     * @param inLong whether the birth carried this integer in {@code long_value}
     */
    static Metric.Builder set(Metric.Builder b, int datatype, String value, boolean inLong) throws WrongType {
        String v = value.trim();
        try {
            switch (datatype) {
                case DataType.Int8_VALUE -> b.setIntValue(ranged(v, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case DataType.Int16_VALUE -> b.setIntValue(ranged(v, Short.MIN_VALUE, Short.MAX_VALUE));
                case DataType.Int32_VALUE -> b.setIntValue(ranged(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case DataType.UInt8_VALUE -> b.setIntValue(ranged(v, 0, 0xFF));
                case DataType.UInt16_VALUE -> b.setIntValue(ranged(v, 0, 0xFFFF));
                case DataType.UInt32_VALUE -> integer(b, ranged(v, 0, 0xFFFF_FFFFL), inLong);
                case DataType.Int64_VALUE -> b.setLongValue(Long.parseLong(v));
                case DataType.UInt64_VALUE -> b.setLongValue(unsigned64(v));
                case DataType.DateTime_VALUE -> b.setLongValue(v.matches("-?[0-9]+") ? Long.parseLong(v)
                        : Instant.parse(v).toEpochMilli());
                case DataType.Float_VALUE -> b.setFloatValue(finite(Float.parseFloat(v)));
                case DataType.Double_VALUE -> b.setDoubleValue(finite(Double.parseDouble(v)));
                case DataType.Boolean_VALUE -> b.setBooleanValue(bool(v));
                case DataType.String_VALUE, DataType.Text_VALUE, DataType.UUID_VALUE -> b.setStringValue(value);
                case DataType.Bytes_VALUE, DataType.File_VALUE -> b.setBytesValue(ByteString.copyFrom(
                        Base64.getDecoder().decode(v)));
                default -> throw new WrongType(typeName(datatype) + " metrics cannot be written from DM");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new WrongType("'" + shortened(value) + "' is not a " + typeName(datatype));
        } catch (IllegalArgumentException e) { // base64
            throw new WrongType("'" + shortened(value) + "' is not base64");
        }
        return b.setDatatype(datatype);
    }

    private static void integer(Metric.Builder b, long v, boolean inLong) {
        if (inLong) {
            b.setLongValue(v);
        } else {
            b.setIntValue((int) v);
        }
    }

    private static long ranged(String v, long min, long max) {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new NumberFormatException("out of range");
        }
        return n;
    }

    private static int ranged(String v, int min, int max) {
        return (int) ranged(v, (long) min, (long) max);
    }

    private static long unsigned64(String v) {
        BigInteger n = new BigInteger(v);
        if (n.signum() < 0 || n.bitLength() > 64) {
            throw new NumberFormatException("out of range");
        }
        return n.longValue();
    }

    private static float finite(float f) {
        if (!Float.isFinite(f)) {
            throw new NumberFormatException("not finite");
        }
        return f;
    }

    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new NumberFormatException("not finite");
        }
        return d;
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new NumberFormatException("not a boolean");
        };
    }

    private static String shortened(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }
}
