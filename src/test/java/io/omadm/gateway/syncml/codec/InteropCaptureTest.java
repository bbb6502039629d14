package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.testing.SharedDir;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Package 1 messages captured from real third-party DM clients (../shared/interop) decode to the expected model. */
class InteropCaptureTest {

    private final SyncMLCodec codec = new SyncMLCodec();

    private SyncMLMessage decode(String file, Encoding encoding) throws Exception {
        return codec.decode(Files.readAllBytes(SharedDir.require("interop/" + file)), encoding);
    }

    @Test
    void libdmclientXmlPackage1DecodesWithBasicCredAndNestedDevInfo() throws Exception {
        SyncMLMessage m = decode("libdmclient-pkg1.xml", Encoding.XML);
        assertLibdmclientPackage1(m);
    }

    @Test
    void libdmclientWbxmlPackage1DecodesToTheSameMessageAsItsXml() throws Exception {
        SyncMLMessage wbxml = decode("libdmclient-pkg1.wbxml", Encoding.WBXML);
        assertLibdmclientPackage1(wbxml);
        // libdmclient sends Data as OPAQUE; through XML it is the same document as the XML capture.
        Data first = ((ItemCommand) wbxml.body().commands().get(1)).items().get(0).data();
        assertInstanceOf(Data.Opaque.class, first);
        SyncMLMessage viaXml = codec.decode(codec.encode(wbxml, Encoding.XML), Encoding.XML);
        assertEquals(decode("libdmclient-pkg1.xml", Encoding.XML), viaXml);
    }

    @Test
    void wbxml2xmlDecodingOfTheLibdmclientCaptureDecodesAsWellOnceItsDoctypeIsDropped() throws Exception {
        // wbxml2xml writes a DOCTYPE, which the gateway refuses on the wire; the rest is the same document.
        String decoded = Files.readString(SharedDir.require("interop/libdmclient-pkg1.wbxml.decoded.xml"));
        String withoutDoctype = decoded.replaceFirst("<!DOCTYPE[^>]*>", "");
        SyncMLMessage m = codec.decode(withoutDoctype.getBytes(), Encoding.XML);
        assertEquals(decode("libdmclient-pkg1.xml", Encoding.XML), m);
    }

    private static void assertLibdmclientPackage1(SyncMLMessage m) {
        SyncHdr h = m.header();
        assertEquals("1.2", h.verDtd());
        assertEquals("DM/1.2", h.verProto());
        assertEquals("1", h.sessionId());
        assertEquals("1", h.msgId());
        assertEquals("http://127.0.0.1:8080/funambol/dm", h.target().locUri());
        assertEquals("DMCtest", h.source().locUri());
        assertEquals("syncml:auth-basic", h.cred().meta().type());
        assertEquals("b64", h.cred().meta().format());
        assertEquals("ZnVuYW1ib2w6ZnVuYW1ib2w=", h.cred().data().asText());
        assertEquals(16384L, h.meta().maxMsgSize());
        assertTrue(m.body().isFinal());
        List<?> cmds = m.body().commands();
        assertEquals(2, cmds.size());
        Alert alert = (Alert) cmds.get(0);
        assertEquals(1201, alert.code());
        ItemCommand replace = (ItemCommand) cmds.get(1);
        assertEquals(ItemCommand.Verb.REPLACE, replace.verb());
        assertEquals(13, replace.items().size());
        Item first = replace.items().get(0);
        assertEquals("./DevInfo/Ext/other/test3", first.source().locUri());
        assertEquals("chr", first.meta().format());
        assertEquals("text/plain", first.meta().type());
        assertEquals("data of test3", first.data().asText());
        Item ext = replace.items().get(5);
        assertEquals("./DevInfo/Ext", ext.source().locUri());
        assertEquals("node", ext.meta().format());
        assertEquals("Intel/other", ext.data().asText());
        assertEquals("test model", replace.items().get(12).data().asText());
    }

    @Test
    void konekiXmlPackage1DecodesWithEmptyCredAndMetaOnTheCommand() throws Exception {
        SyncMLMessage m = decode("koneki-pkg1.xml", Encoding.XML);
        assertEquals("IMEI:490154203237518", m.header().source().locUri());
        assertEquals("syncml:auth-basic", m.header().cred().meta().type());
        assertEquals("", m.header().cred().data().asText());
        ItemCommand replace = (ItemCommand) m.body().commands().get(1);
        assertEquals("chr", replace.meta().format());
        assertEquals("text/plain", replace.meta().type());
        assertEquals(5, replace.items().size());
        assertEquals(null, replace.items().get(0).meta());
        assertEquals("./DevInfo/DmV", replace.items().get(3).source().locUri());
        assertEquals("1.2", replace.items().get(3).data().asText());
        assertTrue(m.body().isFinal());
    }
}
