package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException.Problem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WbxmlCodecTest {

    private final SyncMLCodec codec = new SyncMLCodec();

    /** Builds WBXML by hand, token by token, so that tests say exactly which bytes they send. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Bytes header(int version, int... publicIdCharsetTable) {
            Bytes b = new Bytes().raw(version);
            return b.raw(publicIdCharsetTable);
        }

        /** WBXML 1.2, public id 0x1201, UTF-8, no string table. */
        static Bytes syncml12() {
            return header(0x02, 0xA4, 0x01, 0x6A, 0x00);
        }

        Bytes raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes str(String s) {
            out.write(0x03);
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return this;
        }

        /** A leaf element with an inline string: tag | 0x40, STR_I, END. */
        Bytes leaf(int token, String s) {
            return raw(token | 0x40).str(s).raw(0x01);
        }

        /** SyncML, a header with the six required elements, and SyncBody opened. */
        Bytes message() {
            raw(0x6D, 0x6C).leaf(0x31, "1.2").leaf(0x32, "DM/1.2").leaf(0x25, "1").leaf(0x1B, "1");
            raw(0x6E).leaf(0x17, "http://s/dm").raw(0x01);
            raw(0x67).leaf(0x17, "dev1").raw(0x01);
            return raw(0x01, 0x6B);
        }

        /** Closes SyncBody and SyncML. */
        Bytes close() {
            return raw(0x01, 0x01);
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    private SyncMLMessage decode(byte[] b) throws SyncMLDecodeException {
        return codec.decode(b, Encoding.WBXML);
    }

    private SyncMLDecodeException refused(byte[] b, Problem problem) {
        SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> decode(b));
        assertEquals(problem, e.problem(), e.getMessage());
        return e;
    }

    @Test
    void everyCorpusMessageRoundTripsWithNumericAndStringPublicIds() throws Exception {
        SyncMLCodec aosp = new SyncMLCodec(true);
        for (var e : MessageCorpus.textual().entrySet()) {
            assertEquals(e.getValue(), decode(codec.encode(e.getValue(), Encoding.WBXML)), e.getKey());
            assertEquals(e.getValue(), decode(aosp.encode(e.getValue(), Encoding.WBXML)), e.getKey());
        }
        assertEquals(MessageCorpus.opaqueBinary(), decode(codec.encode(MessageCorpus.opaqueBinary(), Encoding.WBXML)));
    }

    @Test
    void headerIsWbxml12WithPublicId1201AndUtf8() {
        byte[] b = codec.encode(MessageCorpus.package1(), Encoding.WBXML);
        assertArrayEquals(new byte[] {0x02, (byte) 0xA4, 0x01, 0x6A, 0x00, 0x6D, 0x6C, 0x71, 0x03, '1', '.', '2', 0, 1},
                Arrays.copyOf(b, 14));
        byte[] aosp = new SyncMLCodec(true).encode(MessageCorpus.package1(), Encoding.WBXML);
        // as the AOSP engine writes it: 02 00 00 6A 1D "-//SYNCML//DTD SyncML 1.2//EN" 00
        assertArrayEquals(new byte[] {0x02, 0x00, 0x00, 0x6A, 0x1E, '-', '/', '/', 'S'}, Arrays.copyOf(aosp, 9));
    }

    @Test
    void emptyElementsHaveNoContentBitAndNoEnd() {
        byte[] b = codec.encode(MessageCorpus.package1(), Encoding.WBXML);
        // ... <Final/> </SyncBody> </SyncML>
        assertArrayEquals(new byte[] {0x12, 0x01, 0x01}, Arrays.copyOfRange(b, b.length - 3, b.length));
    }

    @Test
    void acceptsVersions11To13PublicId1202AndTheStringFormsOfThePublicId() throws Exception {
        byte[] fpi = "-//SYNCML//DTD SyncML 1.2//EN\0".getBytes(StandardCharsets.US_ASCII);
        Bytes aosp = Bytes.header(0x02, 0x00, 0x00, 0x6A, fpi.length);
        aosp.raw(fpi);
        for (Bytes b : new Bytes[] {
            Bytes.header(0x01, 0xA4, 0x01, 0x6A, 0x00), Bytes.header(0x03, 0xA4, 0x01, 0x6A, 0x00),
            Bytes.header(0x02, 0xA4, 0x02, 0x6A, 0x00), Bytes.header(0x02, 0x9F, 0x53, 0x6A, 0x00), aosp}) {
            SyncMLMessage m = decode(b.message().raw(0x12).close().get());
            assertEquals("dev1", m.header().source().locUri());
            assertTrue(m.body().isFinal());
        }
    }

    @Test
    void readsStringTableReferencesEntitiesAndOpaqueText() throws Exception {
        byte[] table = "./DevInfo/\0abc\0".getBytes(StandardCharsets.US_ASCII);
        Bytes b = Bytes.header(0x02, 0xA4, 0x01, 0x6A, table.length);
        b.raw(table);
        b.message().raw(0x53).leaf(0x0B, "1") // Get, CmdID
                .raw(0x54, 0x6E, 0x57, 0x83, 0x00, 0x03).raw("DevId".getBytes(StandardCharsets.US_ASCII))
                .raw(0x00, 0x01, 0x01) // Item Target LocURI: STR_T "./DevInfo/" + STR_I "DevId"
                .raw(0x4F, 0x83, 0x0B, 0x02, 0x81, 0x5C, 0xC3, 0x02, 'h', 'i', 0x01) // Data: "abc" "Ü" "hi"
                .raw(0x01, 0x01).close();
        ItemCommand get = (ItemCommand) decode(b.get()).body().commands().get(0);
        assertEquals("./DevInfo/DevId", get.items().get(0).target().locUri());
        Data data = get.items().get(0).data();
        assertInstanceOf(Data.Opaque.class, data);
        assertEquals("abcÜhi", data.asText()); // pieces in document order, strings as UTF-8
    }

    @Test
    void truncatedAtEveryLengthIsMalformedNeverAnotherException() {
        byte[] full = codec.encode(MessageCorpus.package2(), Encoding.WBXML);
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> decode(cut), "length " + len);
            assertEquals(400, e.httpStatus(), e.getMessage());
        }
    }

    @Test
    void wrongVersionPublicIdOrCharsetIsUnsupported() {
        refused(Bytes.header(0x00, 0xA4, 0x01, 0x6A, 0x00).message().close().get(), Problem.UNSUPPORTED);
        refused(Bytes.header(0x04, 0xA4, 0x01, 0x6A, 0x00).message().close().get(), Problem.UNSUPPORTED);
        SyncMLDecodeException devinf = refused(Bytes.header(0x02, 0xA4, 0x03, 0x6A, 0x00).message().close().get(),
                Problem.UNSUPPORTED);
        assertTrue(devinf.getMessage().contains("0x1203"), devinf.getMessage());
        refused(Bytes.header(0x02, 0x01, 0x6A, 0x00).message().close().get(), Problem.UNSUPPORTED);
        refused(Bytes.header(0x02, 0xA4, 0x01, 0x04, 0x00).message().close().get(), Problem.UNSUPPORTED);
        Bytes otherFpi = Bytes.header(0x02, 0x00, 0x00, 0x6A, 0x04).raw('-', '/', '/', 0);
        refused(otherFpi.message().close().get(), Problem.UNSUPPORTED);
    }

    @Test
    void unknownTokensPagesAndWbxmlFeaturesSyncmlDoesNotUseAreRefused() {
        refused(Bytes.syncml12().message().raw(0x70).close().get(), Problem.MALFORMED); // 0x30 is no tag
        refused(Bytes.syncml12().message().raw(0x00, 0x03, 0x45).close().get(), Problem.UNSUPPORTED); // page 3
        refused(Bytes.syncml12().message().raw(0xD3, 0x01).close().get(), Problem.UNSUPPORTED); // attributes
        refused(Bytes.syncml12().message().raw(0x04, 0x00).close().get(), Problem.UNSUPPORTED); // LITERAL
        refused(Bytes.syncml12().message().raw(0x40, 0x41, 0x00).close().get(), Problem.UNSUPPORTED); // EXT_I_0
        refused(Bytes.syncml12().message().raw(0x43).close().get(), Problem.UNSUPPORTED); // PI
    }

    @Test
    void malformedMultiByteIntegersAndHugeLengthsAreRefusedWithoutAllocating() {
        refused(Bytes.header(0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x6A, 0x00).get(), Problem.MALFORMED);
        refused(Bytes.header(0x02, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x6A, 0x00).get(), Problem.MALFORMED);
        SyncMLDecodeException table = refused(Bytes.header(0x02, 0xA4, 0x01, 0x6A, 0x87, 0xFF, 0xFF, 0xFF, 0x7F)
                .message().close().get(), Problem.MALFORMED);
        assertTrue(table.getMessage().contains("string table"), table.getMessage());
        refused(Bytes.syncml12().message().raw(0x47, 0xC3, 0x87, 0xFF, 0xFF, 0xFF, 0x7F, 0x01).close().get(),
                Problem.MALFORMED); // OPAQUE of 2 GB in a short message
        refused(Bytes.syncml12().message().raw(0x47, 0x83, 0x05, 0x01).close().get(), Problem.MALFORMED); // STR_T
        refused(Bytes.syncml12().message().raw(0x47, 0x02, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x01).close().get(),
                Problem.MALFORMED); // ENTITY beyond Unicode
    }

    @Test
    void invalidUtf8InAStringIsMalformed() {
        byte[] b = Bytes.syncml12().message().raw(0x60).raw(0x4B, 0x03, 0xC3, 0x28, 0x00, 0x01).close().get();
        SyncMLDecodeException e = refused(b, Problem.MALFORMED);
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void deepNestingIsRefusedAtTheLimit() {
        Bytes b = Bytes.syncml12().message();
        for (int i = 0; i < 100; i++) {
            b.raw(0x64).leaf(0x0B, "1"); // Sequence, CmdID
        }
        SyncMLDecodeException e = refused(b.get(), Problem.TOO_LARGE);
        assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    }

    @Test
    void trailingBytesAfterTheRootAreMalformed() {
        refused(Bytes.syncml12().message().raw(0x12).close().raw(0x12).get(), Problem.MALFORMED);
        refused(Bytes.syncml12().message().raw(0x12).close().raw(0x01).get(), Problem.MALFORMED);
    }

    @Test
    void messageOverMaxMsgSizeIsTooLarge() {
        byte[] b = codec.encode(MessageCorpus.package2(), Encoding.WBXML);
        SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class,
                () -> codec.decode(b, Encoding.WBXML, DecodeLimits.DEFAULT.withMaxMessageSize(100)));
        assertEquals(413, e.httpStatus());
    }

    @Test
    void tndsIsEmbeddedAsAWbxmlDocumentAndReadBack() throws Exception {
        byte[] b = codec.encode(MessageCorpus.tndsAdd(), Encoding.WBXML);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains("application/vnd.syncml.dmtnds+wbxml"), "TNDS Type names the WBXML form");
        assertTrue(s.contains("\u00C3") && s.contains("-//OMA//DTD-DM-DDF 1.2//EN"), "embedded DDF document");
        SyncMLMessage back = decode(b);
        ItemCommand add = (ItemCommand) back.body().commands().get(0);
        ItemCommand original = (ItemCommand) MessageCorpus.tndsAdd().body().commands().get(0);
        assertEquals(original.items(), add.items());
        assertEquals(Meta.TNDS_TYPE, add.meta().type(), "the model holds one TNDS type whatever the encoding");
    }

    @Test
    void aBrokenEmbeddedTndsDocumentIsAnErrorNotOpaqueData() {
        byte[] good = codec.encode(MessageCorpus.tndsAdd(), Encoding.WBXML);
        String s = new String(good, StandardCharsets.ISO_8859_1);
        int mgmtTree = s.indexOf("-//OMA//DTD-DM-DDF 1.2//EN") + 27 + 2; // after the table: SWITCH_PAGE 2, MgmtTree
        byte[] bad = good.clone();
        bad[mgmtTree] = 0x7F; // an unknown DDF token
        assertThrows(SyncMLDecodeException.class, () -> decode(bad));
    }

    @Test
    void anEmbeddedTndsDocumentWithMorePiecesAfterItIsRefusedNotReadAsOpaque() throws Exception {
        // Found by DecoderFuzzTest: read as opaque, it re-encoded to one OPAQUE that then read as broken TNDS.
        byte[] wbxml = codec.encode(MessageCorpus.tndsAdd(), Encoding.WBXML);
        SyncMLMessage ok = decode(wbxml);
        String s = new String(wbxml, StandardCharsets.ISO_8859_1);
        int dataEnd = s.lastIndexOf("\u0001\u0001\u0001\u0012"); // END Data, Item, Add, then Final
        byte[] extra = new byte[wbxml.length + 3];
        System.arraycopy(wbxml, 0, extra, 0, dataEnd);
        extra[dataEnd] = 0x03;
        extra[dataEnd + 1] = 'x';
        extra[dataEnd + 2] = 0x00;
        System.arraycopy(wbxml, dataEnd, extra, dataEnd + 3, wbxml.length - dataEnd);
        assertInstanceOf(Data.Tnds.class, ((ItemCommand) ok.body().commands().get(0)).items().get(0).data());
        SyncMLDecodeException e = refused(extra, Problem.MALFORMED);
        assertTrue(e.getMessage().contains("after the end of the root element"), e.getMessage());
    }
}
