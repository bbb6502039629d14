package io.omadm.gateway.syncml.codec;

import com.ctc.wstx.stax.WstxOutputFactory;
import io.omadm.gateway.syncml.Meta;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.codehaus.stax2.XMLOutputFactory2;

/**
 * Writes SyncML DM XML with Woodstox, the way the OMA examples do: {@code xmlns='SYNCML:SYNCML1.2'} on the root,
 * {@code xmlns='syncml:metinf'} on each Meta child, {@code xmlns='syncml:dmddf1.2'} on an embedded MgmtTree.
 * XML cannot carry every character or arbitrary bytes: those are refused with {@link SyncMLEncodeException} (binary
 * values go as b64 text in XML, spec notes §5.5).
 */
final class XmlMarkupWriter implements MarkupWriter {

    private static final XMLOutputFactory FACTORY = newFactory();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    private final XMLStreamWriter xml;
    private final Deque<CodePage> pages = new ArrayDeque<>();

    XmlMarkupWriter() {
        try {
            xml = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
        } catch (XMLStreamException e) {
            throw new SyncMLEncodeException("XML writer: " + e.getMessage());
        }
    }

    private static XMLOutputFactory newFactory() {
        XMLOutputFactory f = new WstxOutputFactory();
        f.setProperty(XMLOutputFactory2.P_AUTOMATIC_EMPTY_ELEMENTS, true);
        f.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, false);
        return f;
    }

    @Override
    public void start(Tag tag) {
        try {
            CodePage parent = pages.peek();
            xml.writeStartElement("", tag.localName(), tag.page().namespace());
            if (parent != tag.page()) {
                xml.writeDefaultNamespace(tag.page().namespace());
            }
            pages.push(tag.page());
        } catch (XMLStreamException e) {
            throw new SyncMLEncodeException("XML writer: " + e.getMessage());
        }
    }

    @Override
    public void end() {
        try {
            xml.writeEndElement();
            pages.pop();
        } catch (XMLStreamException e) {
            throw new SyncMLEncodeException("XML writer: " + e.getMessage());
        }
    }

    @Override
    public void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                throw new SyncMLEncodeException(String.format(
                        "character U+%04X cannot be written in XML; send such a value as b64", (int) c));
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= s.length()
                        || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new SyncMLEncodeException("unpaired surrogate U+" + Integer.toHexString(c) + " in a string");
                }
                i++;
            }
        }
        try {
            xml.writeCharacters(s);
        } catch (XMLStreamException e) {
            throw new SyncMLEncodeException("XML writer: " + e.getMessage());
        }
    }

    /** Opaque bytes (from WBXML) go into XML as text when they are UTF-8 text, as libwbxml's wbxml2xml does. */
    @Override
    public void opaque(byte[] data) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new SyncMLEncodeException(
                    "opaque binary data cannot be written in XML; encode it as b64 with Meta Format b64");
        }
        text(s);
    }

    @Override
    public String tndsMediaType() {
        return Meta.TNDS_TYPE;
    }

    @Override
    public byte[] toByteArray() {
        try {
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new SyncMLEncodeException("XML writer: " + e.getMessage());
        }
        return bytes.toByteArray();
    }
}
