package io.omadm.gateway.syncml.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;

/**
 * Coverage-guided fuzzing of the SyncML decoders (Jazzer). Contract: every input ends in a message or a
 * {@link SyncMLDecodeException}, never another exception, a hang or a runaway allocation. In the test run each target
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
        try {
            CODEC.decode(input, encoding);
        } catch (SyncMLDecodeException refused) {
            // the typed refusal the contract allows
        }
    }
}
