package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The message corpus as files (src/test/resources/syncml/corpus): what the codec reads from a hand-readable,
 * indented XML document and from WBXML bytes is the model the other codec tests and the benchmarks use. A change of
 * the codec that reads or writes these messages differently fails here, against data that is not made by the codec
 * under test.
 */
class CorpusFilesTest {

    private final SyncMLCodec codec = new SyncMLCodec();

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CorpusFilesTest.class.getResourceAsStream("/syncml/corpus/" + name)) {
            assertTrue(in != null, "test data " + name + " is missing");
            return in.readAllBytes();
        }
    }

    @Test
    void everyXmlFileDecodesToItsCorpusMessage() throws Exception {
        Map<String, SyncMLMessage> corpus = MessageCorpus.textual();
        for (Map.Entry<String, SyncMLMessage> e : corpus.entrySet()) {
            SyncMLMessage read = codec.decode(resource(e.getKey() + ".xml"), Encoding.XML);
            assertEquals(e.getValue(), read, e.getKey() + ".xml");
        }
    }

    @Test
    void theWbxmlFileWithOpaqueBinaryDecodesToItsCorpusMessageAndIsWrittenTheSame() throws Exception {
        byte[] file = resource("opaque-binary.wbxml");
        assertEquals(MessageCorpus.opaqueBinary(), codec.decode(file, Encoding.WBXML));
        assertEquals(HexFormat.of().formatHex(file),
                HexFormat.of().formatHex(codec.encode(MessageCorpus.opaqueBinary(), Encoding.WBXML)),
                "the WBXML writer's bytes are stable");
    }
}
