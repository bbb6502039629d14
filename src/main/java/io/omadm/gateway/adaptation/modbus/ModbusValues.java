package io.omadm.gateway.adaptation.modbus;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Modbus values as registers hold them, and back: a DM value (text) becomes the words a tag's type and the device's
 * byte order make of it, and the words read become text. A value that does not fit the type is a {@link BadValue}
 * (the device is not asked). Byte orders: ABCD big-endian (the Modbus default), CDAB words swapped (low word first),
 * BADC bytes of each word swapped, DCBA little-endian; a one-register value has only its bytes swapped or not, a
 * string keeps its word order and has its bytes swapped or not.
 */
final class ModbusValues {

    private ModbusValues() {
    }

    /** The DM value cannot be written as the tag's data type: the device is not asked. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    /** A DM value as the words to write for a register tag (not a bit: see {@link #bool}). */
    static int[] encode(ModbusTag tag, String value, String order) throws BadValue {
        String v = value.trim();
        byte[] bytes;
        try {
            bytes = switch (tag.type()) {
                case "BOOL" -> new byte[] {0, (byte) (bool(v) ? 1 : 0)};
                case "INT" -> ByteBuffer.allocate(2).putShort(Short.parseShort(v)).array();
                case "UINT" -> ByteBuffer.allocate(2).putShort((short) unsigned(v, 16)).array();
                case "DINT" -> ByteBuffer.allocate(4).putInt(Integer.parseInt(v)).array();
                case "UDINT" -> ByteBuffer.allocate(4).putInt((int) unsigned(v, 32)).array();
                case "LINT" -> ByteBuffer.allocate(8).putLong(Long.parseLong(v)).array();
                case "ULINT" -> ByteBuffer.allocate(8).putLong(unsigned(v, 64)).array();
                case "REAL" -> ByteBuffer.allocate(4).putFloat(finite(Float.parseFloat(v), v)).array();
                case "LREAL" -> ByteBuffer.allocate(8).putDouble(finite(Double.parseDouble(v), v)).array();
                case "STRING" -> text(value, tag.registers());
                default -> throw new BadValue("type " + tag.type() + " cannot be written");
            };
        } catch (NumberFormatException e) {
            throw new BadValue("'" + value + "' does not fit " + tag.type());
        }
        return words(bytes, tag.type().equals("STRING") ? stringOrder(order) : order);
    }

    /** The words read for a register tag as DM text. */
    static String decode(ModbusTag tag, int[] words, String order) {
        if (tag.isBitOfRegister()) {
            return Boolean.toString((words[0] >> tag.bit() & 1) == 1);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes(words, tag.type().equals("STRING") ? stringOrder(order) : order));
        return switch (tag.type()) {
            case "BOOL" -> Boolean.toString(b.getShort() != 0);
            case "INT" -> Short.toString(b.getShort());
            case "UINT" -> Integer.toString(Short.toUnsignedInt(b.getShort()));
            case "DINT" -> Integer.toString(b.getInt());
            case "UDINT" -> Integer.toUnsignedString(b.getInt());
            case "LINT" -> Long.toString(b.getLong());
            case "ULINT" -> Long.toUnsignedString(b.getLong());
            case "REAL" -> Float.toString(b.getFloat());
            case "LREAL" -> Double.toString(b.getDouble());
            case "STRING" -> untilPadding(b.array());
            default -> throw new IllegalStateException(tag.type());
        };
    }

    /** true/false or 1/0: any other text is refused, not read as false. */
    static boolean bool(String s) throws BadValue {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new BadValue("'" + s + "' is not true, false, 1 or 0");
        };
    }

    private static long unsigned(String s, int bits) {
        BigInteger v = new BigInteger(s);
        if (v.signum() < 0 || v.bitLength() > bits) {
            throw new NumberFormatException("out of the uint" + bits + " range");
        }
        return v.longValue();
    }

    private static float finite(float f, String v) {
        if (Float.isInfinite(f) && !v.toLowerCase(Locale.ROOT).contains("inf")) {
            throw new NumberFormatException("out of the float32 range");
        }
        return f;
    }

    private static double finite(double d, String v) {
        if (Double.isInfinite(d) && !v.toLowerCase(Locale.ROOT).contains("inf")) {
            throw new NumberFormatException("out of the float64 range");
        }
        return d;
    }

    /** Text in {@code registers} registers: UTF-8, padded with NULs; longer text does not fit. */
    private static byte[] text(String value, int registers) throws BadValue {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > registers * 2) {
            throw new BadValue("'" + value + "' is " + utf8.length + " bytes: STRING[" + registers + "] holds "
                    + registers * 2);
        }
        byte[] padded = new byte[registers * 2];
        System.arraycopy(utf8, 0, padded, 0, utf8.length);
        return padded;
    }

    private static String untilPadding(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8).stripTrailing(); // NUL- or space-padded
    }

    /** A string keeps its words in order; only the bytes of each may be swapped. */
    private static String stringOrder(String order) {
        return order.equals("BADC") || order.equals("DCBA") ? "BADC" : "ABCD";
    }

    /** Big-endian bytes of a value as the words a device with this byte order holds. */
    static int[] words(byte[] bigEndian, String order) {
        int n = bigEndian.length / 2;
        int[] w = new int[n];
        boolean swapWords = order.equals("CDAB") || order.equals("DCBA");
        boolean swapBytes = order.equals("BADC") || order.equals("DCBA");
        for (int i = 0; i < n; i++) {
            int hi = bigEndian[2 * i] & 0xFF;
            int lo = bigEndian[2 * i + 1] & 0xFF;
            w[swapWords ? n - 1 - i : i] = swapBytes ? lo << 8 | hi : hi << 8 | lo;
        }
        return w;
    }

    /** The words a device holds as the big-endian bytes of the value. */
    static byte[] bytes(int[] words, String order) {
        int n = words.length;
        byte[] b = new byte[2 * n];
        boolean swapWords = order.equals("CDAB") || order.equals("DCBA");
        boolean swapBytes = order.equals("BADC") || order.equals("DCBA");
        for (int i = 0; i < n; i++) {
            int w = words[swapWords ? n - 1 - i : i];
            b[2 * i] = (byte) (swapBytes ? w : w >> 8);
            b[2 * i + 1] = (byte) (swapBytes ? w >> 8 : w);
        }
        return b;
    }
}
