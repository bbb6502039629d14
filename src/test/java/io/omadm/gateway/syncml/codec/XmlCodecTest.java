package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlCodecTest {

    private final SyncMLCodec codec = new SyncMLCodec();

    private static final String HDR = "<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID>"
            + "<MsgID>1</MsgID><Target><LocURI>http://s/dm</LocURI></Target><Source><LocURI>dev1</LocURI></Source>"
            + "</SyncHdr>";

    private SyncMLMessage decode(String xml) throws SyncMLDecodeException {
        return codec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML);
    }

    private static String replaceWithMeta(String meta, String data) {
        return "<Replace><CmdID>2</CmdID><Item><Target><LocURI>./a</LocURI></Target>" + meta + "<Data>" + data
                + "</Data></Item></Replace>";
    }

    private static ItemCommand firstItemCommand(SyncMLMessage m) {
        return (ItemCommand) m.body().commands().get(0);
    }

    @Test
    void everyCorpusMessageRoundTrips() throws Exception {
        for (var e : MessageCorpus.textual().entrySet()) {
            assertEquals(e.getValue(), decode(new String(codec.encode(e.getValue(), Encoding.XML),
                    StandardCharsets.UTF_8)), e.getKey());
        }
    }

    @Test
    void metaChildrenAreReadWithMetinfNamespacePrefixedOrInheritedSyncmlNamespace() throws Exception {
        String plain = "<Meta><Format>chr</Format><Type>text/plain</Type></Meta>";
        String declared = "<Meta><Format xmlns='syncml:metinf'>chr</Format><Type xmlns='syncml:metinf'>text/plain"
                + "</Type></Meta>";
        String prefixed = "<Meta xmlns:m='syncml:metinf'><m:Format>chr</m:Format><m:Type>text/plain</m:Type></Meta>";
        String upper = "<Meta><Format xmlns='SYNCML:METINF'>chr</Format><Type xmlns='SYNCML:METINF'>text/plain</Type>"
                + "</Meta>";
        for (String meta : new String[] {plain, declared, prefixed, upper}) {
            for (String root : new String[] {"<SyncML xmlns='SYNCML:SYNCML1.2'>", "<SyncML xmlns='syncml:syncml1.2'>",
                    "<SyncML>", "<s:SyncML xmlns:s='SYNCML:SYNCML1.2'>"}) {
                String doc = root.startsWith("<s:")
                        ? root + HDR.replace("<", "<s:").replace("<s:/", "</s:") + "<s:SyncBody>"
                                + replaceWithMeta(meta, "v").replace("<Replace>", "<s:Replace>")
                                .replace("</Replace>", "</s:Replace>")
                                .replaceAll("<(/?)(CmdID|Item|Target|LocURI|Data)>", "<$1s:$2>")
                                + "<s:Final/></s:SyncBody></s:SyncML>"
                        : root + HDR + "<SyncBody>" + replaceWithMeta(meta, "v") + "<Final/></SyncBody></SyncML>";
                SyncMLMessage m = decode(doc);
                var item = firstItemCommand(m).items().get(0);
                assertEquals("chr", item.meta().format(), doc);
                assertEquals("text/plain", item.meta().type(), doc);
                assertTrue(m.body().isFinal());
            }
        }
    }

    @Test
    void dataKeepsEscapedMarkupAndCdataAsText() throws Exception {
        SyncMLMessage escaped = decode("<SyncML xmlns='SYNCML:SYNCML1.2'>" + HDR + "<SyncBody>"
                + replaceWithMeta("", "&lt;a href=&quot;x&quot;&gt;1 &amp; 2&lt;/a&gt;") + "</SyncBody></SyncML>");
        assertEquals("<a href=\"x\">1 & 2</a>", firstItemCommand(escaped).items().get(0).data().asText());
        SyncMLMessage cdata = decode("<SyncML xmlns='SYNCML:SYNCML1.2'>" + HDR + "<SyncBody>"
                + replaceWithMeta("", "<![CDATA[<a href=\"x\">1 & 2</a>]]>") + "</SyncBody></SyncML>");
        assertEquals("<a href=\"x\">1 & 2</a>", firstItemCommand(cdata).items().get(0).data().asText());
        SyncMLMessage mixed = decode("<SyncML xmlns='SYNCML:SYNCML1.2'>" + HDR + "<SyncBody>"
                + replaceWithMeta("", "a<![CDATA[<b>]]>&amp;c") + "</SyncBody></SyncML>");
        assertEquals("a<b>&c", firstItemCommand(mixed).items().get(0).data().asText());
    }

    @Test
    void tndsMgmtTreeInDataIsReadWithOrWithoutItsNamespace() throws Exception {
        for (String ns : new String[] {" xmlns='syncml:dmddf1.2'", ""}) {
            SyncMLMessage m = decode("<SyncML xmlns='SYNCML:SYNCML1.2'>" + HDR + "<SyncBody>" + replaceWithMeta("",
                    "\n  <MgmtTree" + ns + "><VerDTD>1.2</VerDTD><Node><NodeName>x</NodeName><RTProperties><Format>"
                            + "<chr/></Format></RTProperties><Value>v</Value></Node></MgmtTree>\n")
                    + "</SyncBody></SyncML>");
            Data data = firstItemCommand(m).items().get(0).data();
            Element tree = assertInstanceOf(Data.Tnds.class, data).mgmtTree();
            assertEquals("MgmtTree", tree.name());
            assertEquals("1.2", tree.children().get(0).text());
            Element node = tree.children().get(1);
            assertEquals("x", node.children().get(0).text());
            assertEquals("chr", node.children().get(1).children().get(0).children().get(0).name());
            assertEquals("v", node.children().get(2).text());
        }
    }

    @Test
    void writerPutsTheOmaNamespacesWhereTheExamplesDo() {
        String xml = new String(codec.encode(MessageCorpus.tndsAdd(), Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<SyncML xmlns=\"SYNCML:SYNCML1.2\">"), xml);
        assertTrue(xml.contains("<Format xmlns=\"syncml:metinf\">xml</Format>"), xml);
        assertTrue(xml.contains("<Type xmlns=\"syncml:metinf\">application/vnd.syncml.dmtnds+xml</Type>"), xml);
        assertTrue(xml.contains("<MgmtTree xmlns=\"syncml:dmddf1.2\"><VerDTD>1.2</VerDTD>"), xml);
        assertTrue(xml.contains("<Final/>"), xml);
    }

    @Test
    void doctypeIsRefusedEvenWithoutEntities() {
        SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> decode(
                "<?xml version='1.0'?><!DOCTYPE SyncML PUBLIC '-//SYNCML//DTD SyncML 1.2//EN' 'http://x/d.dtd'>"
                        + "<SyncML xmlns='SYNCML:SYNCML1.2'>" + HDR + "<SyncBody/></SyncML>"));
        assertEquals(Problem.UNSUPPORTED, e.problem());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void externalEntityAndEntityExpansionAreRefused() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE SyncML [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<SyncML>" + HDR + "<SyncBody>" + replaceWithMeta("", "&x;") + "</SyncBody></SyncML>";
        String laughs = "<?xml version='1.0'?><!DOCTYPE SyncML [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;"
                + "&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><SyncML>" + HDR + "<SyncBody>"
                + replaceWithMeta("", "&c;") + "</SyncBody></SyncML>";
        String undeclared = "<SyncML>" + HDR + "<SyncBody>" + replaceWithMeta("", "&x;") + "</SyncBody></SyncML>";
        for (String doc : new String[] {xxe, laughs, undeclared}) {
            SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> decode(doc));
            assertTrue(e.httpStatus() == 400 || e.httpStatus() == 415, e.getMessage());
        }
    }

    @Test
    void invalidUtf8IsAMalformedMessage() {
        String doc = "<SyncML>" + HDR + "<SyncBody>" + replaceWithMeta("", "x") + "</SyncBody></SyncML>";
        byte[] bad = doc.getBytes(StandardCharsets.UTF_8);
        bad[doc.indexOf(">x<") + 1] = (byte) 0xFF; // never valid in UTF-8
        SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> codec.decode(bad, Encoding.XML));
        assertEquals(Problem.MALFORMED, e.problem());
        assertTrue(e.getMessage().contains("UTF-8") || e.getMessage().contains("byte"), e.getMessage());
    }

    @Test
    void messageOverMaxMsgSizeIsTooLargeBeforeParsing() {
        byte[] xml = codec.encode(MessageCorpus.package2(), Encoding.XML);
        SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class,
                () -> codec.decode(xml, Encoding.XML, DecodeLimits.DEFAULT.withMaxMessageSize(xml.length - 1)));
        assertEquals(Problem.TOO_LARGE, e.problem());
        assertEquals(413, e.httpStatus());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<SyncML>" + HDR + "<SyncBody>" + "<Sequence><CmdID>1</CmdID>".repeat(200)
                + "</Sequence>".repeat(200) + "</SyncBody></SyncML>";
        SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> decode(deep));
        assertEquals(Problem.TOO_LARGE, e.problem());
    }

    @Test
    void structuralFaultsNameTheElement() {
        String[][] cases = {
            {"<SyncML><SyncBody/></SyncML>", "SyncHdr"},
            {"<SyncML>" + HDR.replace("<MsgID>1</MsgID>", "") + "<SyncBody/></SyncML>", "MsgID"},
            {"<SyncML>" + HDR + "<SyncBody><Get><Item/></Get></SyncBody></SyncML>", "CmdID"},
            {"<SyncML>" + HDR + "<SyncBody><Status><CmdID>1</CmdID></Status></SyncBody></SyncML>", "MsgRef"},
            {"<SyncML>" + HDR + "<SyncBody><Alert><CmdID>1</CmdID><Data>x</Data></Alert></SyncBody></SyncML>",
                "Alert code"},
            {"<SyncML>" + HDR + "<SyncBody><Sync/></SyncBody></SyncML>", "Sync"},
            {"<SyncML>" + HDR + "<SyncBody><Bogus/></SyncBody></SyncML>", "Bogus"},
            {"<SyncML>" + HDR + "<SyncBody><Atomic><CmdID>1</CmdID><Status/></Atomic></SyncBody></SyncML>",
                "Status is not allowed in Atomic"},
            {"<SyncML>" + HDR + "<SyncBody><Get><CmdID>1</CmdID><CmdID>2</CmdID></Get></SyncBody></SyncML>",
                "repeated CmdID"},
            {"<SyncML>" + HDR + "<SyncBody><Get><CmdID>1</CmdID><Correlator>c</Correlator></Get></SyncBody>"
                + "</SyncML>", "Correlator is not allowed in Get"},
            {"<SyncML>" + HDR + "<SyncBody>text</SyncBody></SyncML>", "text directly inside SyncBody"},
            {"<SyncML xmlns='urn:other'>" + HDR + "<SyncBody/></SyncML>", "unknown namespace"},
            {"<SyncML>" + HDR + "<SyncBody/></SyncML><SyncML/>", "XML"},
            {"<SyncML>" + HDR + "<SyncBody>", "XML"},
            {"not xml at all", "XML"},
        };
        for (String[] c : cases) {
            SyncMLDecodeException e = assertThrows(SyncMLDecodeException.class, () -> decode(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[1] + " not in: " + e.getMessage());
            assertEquals(400, e.httpStatus(), e.getMessage());
        }
    }

    @Test
    void binaryOpaqueDataCannotBeWrittenAsXml() {
        SyncMLEncodeException e = assertThrows(SyncMLEncodeException.class,
                () -> codec.encode(MessageCorpus.opaqueBinary(), Encoding.XML));
        assertTrue(e.getMessage().contains("b64"), e.getMessage());
    }

    @Test
    void carriageReturnsAndSpacesInDataSurviveTheRoundTrip() throws Exception {
        SyncMLMessage m = decode("<SyncML>" + HDR + "<SyncBody>" + replaceWithMeta("", "  line1&#13;\nline2  ")
                + "</SyncBody></SyncML>");
        assertEquals("  line1\r\nline2  ", firstItemCommand(m).items().get(0).data().asText());
        assertEquals(m, codec.decode(codec.encode(m, Encoding.XML), Encoding.XML));
    }
}
