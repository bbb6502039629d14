package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;

import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.ModelGen;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.testing.Mutations;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
                b = Mutations.mutate((lo, hi) -> draw(in, lo, hi), b, seeds);
            }
            return b;
        };
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
                    default -> o.write(Mutations.INTERESTING[draw(in, 0, Mutations.INTERESTING.length - 1)]);
                }
            }
            return o.toByteArray();
        };
    }

    private static int draw(RandomnessSource in, int lo, int hi) {
        return (int) in.next(Constraint.between(lo, hi));
    }
}
