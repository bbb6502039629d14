package io.omadm.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Byte-level mutations of valid messages, as a fuzzer makes them: bit flips, interesting bytes, insertions,
 * deletions, duplicated ranges, truncation, splices with another seed. {@code draw} gives a number from lo to hi
 * (both included), from whatever randomness the caller uses.
 */
public final class Mutations {

    /** Bytes that mean something to XML or WBXML parsers. */
    public static final int[] INTERESTING = {0x00, 0x01, 0x02, 0x03, 0x04, 0x40, 0x43, 0x7F, 0x80, 0x83, 0xC3, 0xFF,
        '<', '>', '&', ';', '/', '!', '?', '[', ']', '"', '\'', '='};

    private Mutations() {
    }

    public static byte[] mutate(IntBinaryOperator draw, byte[] b, List<byte[]> seeds) {
        if (b.length == 0) {
            return new byte[] {(byte) draw.applyAsInt(0, 255)};
        }
        int at = draw.applyAsInt(0, b.length - 1);
        byte[] out;
        switch (draw.applyAsInt(0, 7)) {
            case 0 -> { // flip one bit
                out = b.clone();
                out[at] ^= (byte) (1 << draw.applyAsInt(0, 7));
            }
            case 1 -> { // an interesting byte
                out = b.clone();
                out[at] = (byte) INTERESTING[draw.applyAsInt(0, INTERESTING.length - 1)];
            }
            case 2 -> { // a random byte
                out = b.clone();
                out[at] = (byte) draw.applyAsInt(0, 255);
            }
            case 3 -> { // insert bytes
                int n = draw.applyAsInt(1, 8);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                for (int i = 0; i < n; i++) {
                    o.write(INTERESTING[draw.applyAsInt(0, INTERESTING.length - 1)]);
                }
                o.write(b, at, b.length - at);
                out = o.toByteArray();
            }
            case 4 -> { // delete a range
                int n = Math.min(draw.applyAsInt(1, 16), b.length - at);
                out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
            }
            case 5 -> { // duplicate a range (deeper nesting, repeated elements)
                int n = Math.min(draw.applyAsInt(1, 64), b.length - at);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at + n);
                o.write(b, at, b.length - at);
                out = o.toByteArray();
            }
            case 6 -> out = Arrays.copyOf(b, at); // truncate
            default -> { // splice: our head, another seed's tail
                byte[] other = seeds.get(draw.applyAsInt(0, seeds.size() - 1));
                int from = draw.applyAsInt(0, other.length - 1);
                out = Arrays.copyOf(b, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
            }
        }
        return out;
    }
}
