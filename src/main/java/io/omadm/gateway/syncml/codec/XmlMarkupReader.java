package io.omadm.gateway.syncml.codec;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException.Problem;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads SyncML DM XML with Woodstox (StAX), streaming. Peers write namespaces every way: the SyncML default namespace
 * in either case, {@code syncml:metinf} on each Meta child or not at all, prefixes or none. So an element's code page
 * comes from its namespace when that names a page other than SyncML's, else from where it stands (inside Meta:
 * MetInf; inside a MgmtTree: DDF). DOCTYPE is refused outright, which also rules out entity expansion (XXE, billion
 * laughs).
 */
final class XmlMarkupReader implements MarkupReader {

    private static final XMLInputFactory FACTORY = newFactory();

    private final XMLStreamReader xml;
    private final int maxDepth;
    private final Deque<Tag> open = new ArrayDeque<>();
    private Tag tag;
    private String text;

    XmlMarkupReader(byte[] in, DecodeLimits limits) throws SyncMLDecodeException {
        this.maxDepth = limits.maxDepth();
        try {
            this.xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(in));
        } catch (XMLStreamException | RuntimeException e) {
            throw new SyncMLDecodeException(Problem.MALFORMED, "XML: " + e.getMessage(), e);
        }
    }

    private static XMLInputFactory newFactory() {
        // Woodstox by name, not whatever StAX implementation the classpath offers: its limits are what we rely on.
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 4096);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 1000);
        return f;
    }

    @Override
    public Event next() throws SyncMLDecodeException {
        try {
            while (true) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        tag = resolve(xml.getNamespaceURI(), xml.getLocalName());
                        if (open.size() >= maxDepth) {
                            throw new SyncMLDecodeException(Problem.TOO_LARGE,
                                    "elements nested deeper than " + maxDepth);
                        }
                        open.push(tag);
                        return Event.START;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        open.pop();
                        return Event.END;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        text = xml.getText();
                        return Event.TEXT;
                    }
                    case XMLStreamConstants.END_DOCUMENT -> {
                        return Event.END_DOCUMENT;
                    }
                    case XMLStreamConstants.DTD -> throw new SyncMLDecodeException(Problem.UNSUPPORTED,
                            "XML: a DOCTYPE is not accepted (it could declare entities)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed(
                            "entity reference &" + xml.getLocalName() + "; is not accepted");
                    default -> {
                        // comments, processing instructions: no content
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            // Woodstox reports some faults (bad UTF-8, lazily parsed text) as unchecked exceptions.
            throw malformed(e.getMessage());
        }
    }

    private Tag resolve(String namespace, String name) throws SyncMLDecodeException {
        CodePage declared = CodePage.byNamespace(namespace);
        if (declared == null && namespace != null && !namespace.isEmpty()) {
            throw malformed("element " + name + " in unknown namespace '" + namespace + "'");
        }
        Tag parent = open.peek();
        CodePage context = parent == null ? CodePage.SYNCML
                : parent == Tag.META || parent.page() == CodePage.METINF ? CodePage.METINF
                : parent.page();
        Tag t = declared != null && declared != CodePage.SYNCML
                ? Tag.byName(declared, name)
                : Tag.byName(context, name);
        if (t == null && parent == Tag.DATA) {
            t = Tag.byName(CodePage.DDF, name); // a TNDS MgmtTree written without its namespace
        }
        if (t == null) {
            throw malformed("unknown element " + name + (parent == null ? "" : " in " + parent.localName()));
        }
        return t;
    }

    @Override
    public Tag tag() {
        return tag;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public byte[] opaque() {
        throw new IllegalStateException("XML has no opaque data");
    }

    @Override
    public SyncMLDecodeException malformed(String message) {
        Location where = xml == null ? null : xml.getLocation();
        String at = where == null ? "" : " at line " + where.getLineNumber() + ", column " + where.getColumnNumber();
        return new SyncMLDecodeException(Problem.MALFORMED, "XML" + at + ": " + message);
    }
}
