package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.omadm.gateway.syncml.ModelGen;
import io.omadm.gateway.syncml.SyncMLMessage;
import org.junit.jupiter.api.Test;

/** Every element of the model survives encode → decode, in both encodings, and across a conversion between them. */
class RoundTripPropertiesTest {

    private static final int EXAMPLES = 3_000;
    private final SyncMLCodec codec = new SyncMLCodec();
    private final SyncMLCodec aosp = new SyncMLCodec(true);

    @Test
    void xmlRoundTripsEveryMessage() {
        qt().withExamples(EXAMPLES).forAll(ModelGen.messages(false))
                .checkAssert(m -> assertEquals(m, decode(codec.encode(m, Encoding.XML), Encoding.XML)));
    }

    @Test
    void wbxmlRoundTripsEveryMessageIncludingOpaqueBytes() {
        qt().withExamples(EXAMPLES).forAll(ModelGen.messages(true)).checkAssert(m -> {
            assertEquals(m, decode(codec.encode(m, Encoding.WBXML), Encoding.WBXML));
            assertEquals(m, decode(aosp.encode(m, Encoding.WBXML), Encoding.WBXML));
        });
    }

    @Test
    void xmlToWbxmlAndBackGivesTheSameXmlBytes() {
        qt().withExamples(EXAMPLES).forAll(ModelGen.messages(false)).checkAssert(m -> {
            byte[] xml = codec.encode(m, Encoding.XML);
            byte[] wbxml = codec.encode(decode(xml, Encoding.XML), Encoding.WBXML);
            byte[] xmlAgain = codec.encode(decode(wbxml, Encoding.WBXML), Encoding.XML);
            assertArrayEquals(xml, xmlAgain);
            assertArrayEquals(wbxml, codec.encode(decode(xmlAgain, Encoding.XML), Encoding.WBXML));
        });
    }

    private SyncMLMessage decode(byte[] bytes, Encoding encoding) {
        try {
            return codec.decode(bytes, encoding);
        } catch (SyncMLDecodeException e) {
            throw new AssertionError("our own " + encoding + " did not decode: " + e.getMessage(), e);
        }
    }
}
