package io.omadm.gateway.adaptation.opcua;

import java.math.BigInteger;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * DM values (text) as OPC UA built-in types and back, and OPC UA operation results as DM status codes. Plain
 * functions, so the rules can be tested without a server.
 */
final class OpcUaValues {

    private OpcUaValues() {
    }

    /** The DM value cannot be written as the node's data type: the machine is not asked. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    /** The text as the Java type that Milo encodes as {@code type}. */
    static Object parse(OpcUaDataType type, String v) throws BadValue {
        String s = v.trim();
        try {
            return switch (type) {
                case Boolean -> bool(s);
                case SByte -> Byte.parseByte(s);
                case Byte -> UByte.valueOf(ranged(s, 0, 0xFF));
                case Int16 -> Short.parseShort(s);
                case UInt16 -> UShort.valueOf((int) ranged(s, 0, 0xFFFF));
                case Int32 -> Integer.parseInt(s);
                case UInt32 -> UInteger.valueOf(ranged(s, 0, 0xFFFF_FFFFL));
                case Int64 -> Long.parseLong(s);
                case UInt64 -> ulong(s);
                case Float -> java.lang.Float.parseFloat(s);
                case Double -> java.lang.Double.parseDouble(s);
                case String -> v;
                default -> throw new BadValue("the gateway does not write OPC UA " + type + " values");
            };
        } catch (NumberFormatException e) {
            throw new BadValue("'" + v + "' is not a valid OPC UA " + type);
        }
    }

    /** A read value as DM text. */
    static String format(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /**
     * The DM status for an OPC UA operation result: unknown node 404, not readable/writable/executable 405, access
     * denied 425, a value or argument the machine refused 400, anything else 500.
     */
    static int dmStatus(StatusCode code) {
        if (code.isGood()) {
            return 200;
        }
        long v = code.getValue() & 0xFFFF_0000L;
        if (v == StatusCodes.Bad_NodeIdUnknown || v == StatusCodes.Bad_NodeIdInvalid
                || v == StatusCodes.Bad_MethodInvalid || v == StatusCodes.Bad_AttributeIdInvalid) {
            return 404;
        }
        if (v == StatusCodes.Bad_NotWritable || v == StatusCodes.Bad_NotReadable
                || v == StatusCodes.Bad_NotExecutable || v == StatusCodes.Bad_NotSupported) {
            return 405;
        }
        if (v == StatusCodes.Bad_UserAccessDenied) {
            return 425;
        }
        if (v == StatusCodes.Bad_TypeMismatch || v == StatusCodes.Bad_OutOfRange
                || v == StatusCodes.Bad_InvalidArgument || v == StatusCodes.Bad_ArgumentsMissing
                || v == StatusCodes.Bad_TooManyArguments) {
            return 400;
        }
        return 500;
    }

    /** The status's symbolic name, for messages: "Bad_NotWritable". */
    static String name(StatusCode code) {
        return StatusCodes.lookup(code.getValue()).map(n -> n[0])
                .orElse(String.format(Locale.ROOT, "0x%08X", code.getValue()));
    }

    private static Boolean bool(String s) throws BadValue {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new BadValue("'" + s + "' is not a boolean (true, false, 1, 0)");
        };
    }

    private static long ranged(String s, long min, long max) {
        long n = Long.parseLong(s);
        if (n < min || n > max) {
            throw new NumberFormatException(s);
        }
        return n;
    }

    private static ULong ulong(String s) {
        BigInteger n = new BigInteger(s);
        if (n.signum() < 0 || n.bitLength() > 64) {
            throw new NumberFormatException(s);
        }
        return ULong.valueOf(n);
    }
}
