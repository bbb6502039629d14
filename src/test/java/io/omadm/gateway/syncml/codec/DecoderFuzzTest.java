package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;

import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.ModelGen;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Feeds each decoder 100,000 hostile inputs per run: valid messages mutated byte by byte (flips, interesting bytes,
 * insertions, deletions, duplications, truncation, splices) and, for WBXML, token soup behind a valid header. A
 * decoder must answer each one with a message or a {@link SyncMLDecodeException}: no other exception, no error, no
 * hang (the timeout), and whatever it accepts must re-encode to something it reads back the same.
 */
class DecoderFuzzTest {

    private static final int INPUTS = 100_000;
    private static final int[] INTERESTING = {0x00, 0x01, 0x02, 0x03, 0x04, 0x40, 0x43, 0x7F, 0x80, 0x83, 0xC3, 0xFF,
        '<', '>', '&', ';', '/', '!', '?', '[', ']', '"', '\'', '='};

    private final SyncMLCodec codec = new SyncMLCodec();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void wbxmlDecoderSurvivesMutatedAndGeneratedInput() {
        List<byte[]> seeds = seeds(Encoding.WBXML);
        qt().withExamples(INPUTS).withShrinkCycles(200)
                .forAll(mutations(seeds).mix(tokenSoup(), 15))
                .checkAssert(input -> assertDecodesOrRefuses(input, Encoding.WBXML));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void xmlDecoderSurvivesMutatedInput() {
        List<byte[]> seeds = seeds(Encoding.XML);
        qt().withExamples(INPUTS).withShrinkCycles(200)
                .forAll(mutations(seeds))
                .checkAssert(input -> assertDecodesOrRefuses(input, Encoding.XML));
    }

    private void assertDecodesOrRefuses(byte[] input, Encoding encoding) {
        SyncMLMessage decoded;
        try {
            decoded = codec.decode(input, encoding);
        } catch (SyncMLDecodeException e) {
            assertNotNull(e.getMessage());
            return;
        }
        byte[] again;
        try {
            again = codec.encode(decoded, encoding);
        } catch (SyncMLEncodeException e) {
            return; // e.g. a control character that WBXML carried and XML cannot: refused with a clear message
        }
        try {
            assertEquals(decoded, codec.decode(again, encoding), "what we accept we must write back readably");
        } catch (SyncMLDecodeException e) {
            throw new AssertionError("accepted input re-encoded to something we refuse: " + e.getMessage(), e);
        }
    }

    private List<byte[]> seeds(Encoding encoding) {
        List<byte[]> seeds = new ArrayList<>();
        MessageCorpus.textual().values().forEach(m -> seeds.add(codec.encode(m, encoding)));
        if (encoding == Encoding.WBXML) {
            seeds.add(codec.encode(MessageCorpus.opaqueBinary(), encoding));
            seeds.add(new SyncMLCodec(true).encode(MessageCorpus.package1(), encoding));
        }
        // and a spread of generated messages, so mutations reach every element
        qt().withFixedSeed(20261124L).withExamples(40).forAll(ModelGen.messages(encoding == Encoding.WBXML))
                .checkAssert(m -> seeds.add(codec.encode(m, encoding)));
        return seeds;
    }

    private static Gen<byte[]> mutations(List<byte[]> seeds) {
        return in -> {
            byte[] b = seeds.get(draw(in, 0, seeds.size() - 1));
            int rounds = draw(in, 1, 4);
            for (int r = 0; r < rounds; r++) {
                b = mutate(in, b, seeds);
            }
            return b;
        };
    }

    private static byte[] mutate(RandomnessSource in, byte[] b, List<byte[]> seeds) {
        if (b.length == 0) {
            return new byte[] {(byte) draw(in, 0, 255)};
        }
        int at = draw(in, 0, b.length - 1);
        byte[] out;
        switch (draw(in, 0, 7)) {
            case 0 -> { // flip one bit
                out = b.clone();
                out[at] ^= (byte) (1 << draw(in, 0, 7));
            }
            case 1 -> { // an interesting byte
                out = b.clone();
                out[at] = (byte) INTERESTING[draw(in, 0, INTERESTING.length - 1)];
            }
            case 2 -> { // a random byte
                out = b.clone();
                out[at] = (byte) draw(in, 0, 255);
            }
            case 3 -> { // insert bytes
                int n = draw(in, 1, 8);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                for (int i = 0; i < n; i++) {
                    o.write(INTERESTING[draw(in, 0, INTERESTING.length - 1)]);
                }
                o.write(b, at, b.length - at);
                out = o.toByteArray();
            }
            case 4 -> { // delete a range
                int n = Math.min(draw(in, 1, 16), b.length - at);
                out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
            }
            case 5 -> { // duplicate a range (deeper nesting, repeated elements)
                int n = Math.min(draw(in, 1, 64), b.length - at);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at + n);
                o.write(b, at, b.length - at);
                out = o.toByteArray();
            }
            case 6 -> out = Arrays.copyOf(b, at); // truncate
            default -> { // splice: our head, another seed's tail
                byte[] other = seeds.get(draw(in, 0, seeds.size() - 1));
                int from = draw(in, 0, other.length - 1);
                out = Arrays.copyOf(b, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
            }
        }
        return out;
    }

    /** A valid WBXML SyncML header (sometimes with a string table), then random tokens of every kind. */
    private static Gen<byte[]> tokenSoup() {
        return in -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(new byte[] {0x02, (byte) 0xA4, 0x01, 0x6A});
            if (draw(in, 0, 1) == 0) {
                o.write(0);
            } else {
                byte[] table = "abc\0./DevInfo\0\0".getBytes(StandardCharsets.US_ASCII);
                o.write(table.length);
                o.writeBytes(table);
            }
            int n = draw(in, 1, 200);
            for (int i = 0; i < n; i++) {
                switch (draw(in, 0, 5)) {
                    case 0 -> o.write(0x45 + draw(in, 0, 0x37)); // a tag with content
                    case 1 -> o.write(0x05 + draw(in, 0, 0x37)); // an empty tag
                    case 2 -> o.write(0x01); // END
                    case 3 -> o.writeBytes(new byte[] {0x03, 'x', 0x00}); // STR_I
                    case 4 -> o.writeBytes(new byte[] {0x00, (byte) draw(in, 0, 3)}); // SWITCH_PAGE
                    default -> o.write(INTERESTING[draw(in, 0, INTERESTING.length - 1)]);
                }
            }
            return o.toByteArray();
        };
    }

    private static int draw(RandomnessSource in, int lo, int hi) {
        return (int) in.next(Constraint.between(lo, hi));
    }
}
