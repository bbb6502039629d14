package io.omadm.gateway.mo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.testing.FuzzLimits;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import io.omadm.gateway.tree.NodePath;

/**
 * A bootstrap message file (Jazzer), read as the gateway reads one at its start: any bytes end in accounts written,
 * a decode error, or an IllegalArgumentException saying why it was not applied, and then nothing of it is in the tree.
 */
class BootstrapFuzzTest {

    private static final SyncMLCodec CODEC = new SyncMLCodec();

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aBootstrapIsAppliedWholeOrNotAtAll(byte[] input) {
        Encoding encoding = input.length > 0 && input[0] >= 0x01 && input[0] <= 0x03 ? Encoding.WBXML : Encoding.XML;
        SyncMLMessage message;
        try {
            message = CODEC.decode(input, encoding);
        } catch (SyncMLDecodeException refused) {
            return;
        }
        DmTree tree = new DmTree(new InMemoryTreeStore());
        int before = tree.childNames(NodePath.ROOT).size();
        try {
            Bootstrap.apply(tree, message);
        } catch (IllegalArgumentException refused) {
            assertEquals(before, tree.childNames(NodePath.ROOT).size(), "a refused bootstrap leaves nothing");
        }
    }
}
