package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.testing.FuzzLimits;

/**
 * Coverage-guided fuzzing of the SyncML decoders (Jazzer). Contract: every input ends in a message or a
 * {@link SyncMLDecodeException}, never another exception, a hang or a runaway allocation; a message accepted
 * re-encodes to one read back the same. In the test run each target
 * replays its seeds and the crashers found so far (SyncMLDecoderFuzzTestInputs/&lt;target&gt;/ under test resources);
 * scripts/fuzz fuzzes them.
 */
class SyncMLDecoderFuzzTest {

    private static final SyncMLCodec CODEC = new SyncMLCodec();

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void xml(byte[] input) {
        decode(input, Encoding.XML);
    }

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void wbxml(byte[] input) {
        decode(input, Encoding.WBXML);
    }

    private static void decode(byte[] input, Encoding encoding) {
        SyncMLMessage decoded;
        try {
            decoded = CODEC.decode(input, encoding);
        } catch (SyncMLDecodeException refused) {
            return; // the typed refusal the contract allows
        }
        byte[] again;
        try {
            again = CODEC.encode(decoded, encoding);
        } catch (SyncMLEncodeException refused) {
            return; // e.g. a control character WBXML carried and XML cannot: refused with a clear message
        }
        try {
            assertEquals(decoded, CODEC.decode(again, encoding), "what is accepted is written back readably");
        } catch (SyncMLDecodeException e) {
            throw new AssertionError("accepted input re-encoded to something refused: " + e.getMessage(), e);
        }
    }
}
