package io.omadm.gateway.syncml.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.SharedDir;
import io.omadm.gateway.testing.Tshark;
import io.omadm.gateway.testing.XmlTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-level interoperability with two WBXML implementations that share no code with ours: libwbxml (Debian's
 * wbxml2xml / xml2wbxml) and Wireshark's dissector (tshark). What we encode they decode to the document our XML
 * encoder writes; what xml2wbxml makes of our XML we decode to the same message.
 */
class IndependentWbxmlImplementationsTest {

    private final SyncMLCodec codec = new SyncMLCodec();
    private final SyncMLCodec aospStyle = new SyncMLCodec(true);

    @TempDir
    Path dir;

    static Stream<Arguments> corpus() {
        return MessageCorpus.textual().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void wbxml2xmlDecodesOurWbxmlToTheDocumentOfOurXml(String name, SyncMLMessage message) throws Exception {
        String ourXml = new String(codec.encode(message, Encoding.XML), StandardCharsets.UTF_8);
        XmlTrees.assertSameTree(ourXml, wbxml2xml(codec.encode(message, Encoding.WBXML)));
        XmlTrees.assertSameTree(ourXml, wbxml2xml(aospStyle.encode(message, Encoding.WBXML)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void ourDecoderReadsWhatXml2wbxmlMakesOfOurXml(String name, SyncMLMessage message) throws Exception {
        Path xml = dir.resolve(name + ".xml");
        Path wbxml = dir.resolve(name + ".wbxml");
        Files.write(xml, codec.encode(message, Encoding.XML));
        ExternalTool.run(List.of(tool("xml2wbxml"), "-o", wbxml.toString(), xml.toString()));
        SyncMLMessage decoded = codec.decode(Files.readAllBytes(wbxml), Encoding.WBXML);
        // libwbxml writes Data as OPAQUE and the TNDS Type as +wbxml; as XML documents they are the same.
        assertEquals(asXmlDocument(message), asXmlDocument(decoded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void tsharkDecodesOurWbxmlToTheDocumentOfOurXml(String name, SyncMLMessage message) throws Exception {
        String dissected = Tshark.wbxmlToXml(codec.encode(message, Encoding.WBXML));
        if (name.equals("tnds-add")) {
            // Wireshark shows an embedded TNDS document as opaque bytes, not as a tree.
            assertTrue(dissected.matches(".*<Data><!--\\(\\d+ bytes of opaque data\\)--></Data>.*"), dissected);
            return;
        }
        XmlTrees.assertSameTree(new String(codec.encode(message, Encoding.XML), StandardCharsets.UTF_8), dissected);
    }

    @Test
    void tsharkSeesBinaryValuesAsOpaqueOfTheirLength() throws Exception {
        String dissected = Tshark.wbxmlToXml(codec.encode(MessageCorpus.opaqueBinary(), Encoding.WBXML));
        assertTrue(dissected.contains("<Data><!--(256 bytes of opaque data)--></Data>"), dissected);
        assertTrue(dissected.contains("<Size xmlns=\"syncml:metinf\">256</Size>"), dissected);
    }

    @Test
    void wbxml2xmlReadsBinaryOpaqueThatOurDecoderKeepsByteForByte() throws Exception {
        byte[] wbxml = codec.encode(MessageCorpus.opaqueBinary(), Encoding.WBXML);
        assertEquals(MessageCorpus.opaqueBinary(), codec.decode(wbxml, Encoding.WBXML));
        Path file = dir.resolve("bin.wbxml");
        Files.write(file, wbxml);
        String out = ExternalTool.run(List.of(tool("wbxml2xml"), "-o", "-", file.toString()));
        assertTrue(out.contains("<LocURI>./GwMO/ImageInventory/i1/Data</LocURI>"), out);
    }

    @Test
    void ourXmlOfTheLibdmclientWbxmlCaptureIsTheTreeWbxml2xmlDecoded() throws Exception {
        byte[] capture = Files.readAllBytes(SharedDir.require("interop/libdmclient-pkg1.wbxml"));
        String theirs = Files.readString(SharedDir.require("interop/libdmclient-pkg1.wbxml.decoded.xml"));
        String ours = new String(codec.encode(codec.decode(capture, Encoding.WBXML), Encoding.XML),
                StandardCharsets.UTF_8);
        XmlTrees.assertSameTree(theirs, ours);
        // and wbxml2xml here agrees with the decoding stored beside the capture
        XmlTrees.assertSameTree(theirs, wbxml2xml(capture));
    }

    private String wbxml2xml(byte[] wbxml) throws Exception {
        Path in = Files.createTempFile(dir, "m", ".wbxml");
        Files.write(in, wbxml);
        return ExternalTool.run(List.of(tool("wbxml2xml"), "-o", "-", in.toString()));
    }

    private static String tool(String name) {
        return ExternalTool.require(name, "libwbxml2-utils").toString();
    }

    /** A message as the XML document it is: opaque text becomes text. */
    private SyncMLMessage asXmlDocument(SyncMLMessage m) throws SyncMLDecodeException {
        return codec.decode(codec.encode(m, Encoding.XML), Encoding.XML);
    }


}
