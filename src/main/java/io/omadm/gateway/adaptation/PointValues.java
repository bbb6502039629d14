package io.omadm.gateway.adaptation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A point's values between the DM side and the device, strict both ways (the same for every protocol): a value that
 * is not of the point's format is refused, never passed on (a float point whose device sent a JSON document does not
 * answer 200 with the document). The scale is applied both ways (the protocol value times scale is the DM value).
 * What each format takes: {@code int} an integer, {@code float} a finite decimal number, {@code bool} true or false
 * (also 1 or 0, written as true or false), {@code chr} any UTF-8 text, {@code b64} any bytes.
 */
public final class PointValues {

    /** A value that is not of the point's format; the message says what was expected. */
    public static final class InvalidValue extends Exception {
        InvalidValue(String message) {
            super(message);
        }
    }

    private PointValues() {
    }

    /** A DM value for the device: checked, then divided by the scale. */
    public static byte[] toDevice(Point p, byte[] dm) throws InvalidValue {
        String checked = checked(p.format(), dm);
        if (checked == null || p.scale() == null) {
            return checked == null ? dm : checked.getBytes(StandardCharsets.UTF_8);
        }
        BigDecimal v = new BigDecimal(checked).divide(BigDecimal.valueOf(p.scale()), MathContext.DECIMAL64);
        return plain(v, p.format()).getBytes(StandardCharsets.UTF_8);
    }

    /** A device's value for DM: times the scale, then checked. */
    public static byte[] fromDevice(Point p, byte[] raw) throws InvalidValue {
        byte[] scaled = raw;
        if (p.scale() != null) {
            BigDecimal v = new BigDecimal(checked("float", raw)).multiply(BigDecimal.valueOf(p.scale()));
            scaled = plain(v, p.format()).getBytes(StandardCharsets.UTF_8);
        }
        String checked = checked(p.format(), scaled);
        return checked == null ? scaled : checked.getBytes(StandardCharsets.UTF_8);
    }

    /** The value as its format writes it; null for formats whose bytes are taken as they are. */
    private static String checked(String format, byte[] value) throws InvalidValue {
        if ("b64".equals(format)) {
            return null;
        }
        String text = utf8(value);
        String t = text.trim();
        switch (format) {
            case "int":
                if (!t.matches("[+-]?\\d{1,19}")) {
                    throw new InvalidValue("an integer");
                }
                try {
                    return Long.toString(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new InvalidValue("an integer that fits 64 bits");
                }
            case "float":
                if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?")) {
                    throw new InvalidValue("a decimal number");
                }
                return t;
            case "bool":
                return switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> "true";
                    case "false", "0" -> "false";
                    default -> throw new InvalidValue("true or false");
                };
            default:
                return text; // chr: any text
        }
    }

    private static String utf8(byte[] value) throws InvalidValue {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidValue("UTF-8 text");
        }
    }

    private static String plain(BigDecimal v, String format) {
        return "int".equals(format) ? v.setScale(0, RoundingMode.HALF_UP).toPlainString()
                : v.stripTrailingZeros().toPlainString();
    }
}
