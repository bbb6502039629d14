package io.omadm.gateway.syncml.codec;

import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Element;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads content out of a markup event stream for {@link SyncMLReader}: child elements, leaf tokens, flags, Data in
 * all its forms (text, opaque, inline or embedded TNDS), and the errors that name what was wrong and where.
 */
final class MarkupCursor {

    private final MarkupReader in;
    private final DecodeLimits limits;

    MarkupCursor(MarkupReader in, DecodeLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    MarkupReader markup() {
        return in;
    }

    SyncMLDecodeException malformed(String message) {
        return in.malformed(message);
    }

    /**
     * Data holds text, opaque bytes (WBXML), or one embedded TNDS MgmtTree. Pieces keep their document order; once an
     * opaque piece appears, the whole value is bytes (strings as UTF-8).
     */
    Data readData() throws SyncMLDecodeException {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = null;
        Element tnds = null;
        while (true) {
            switch (in.next()) {
                case TEXT -> {
                    if (bytes != null) {
                        bytes.writeBytes(in.text().getBytes(StandardCharsets.UTF_8));
                    } else {
                        text.append(in.text());
                    }
                }
                case OPAQUE -> {
                    if (bytes == null) {
                        bytes = new ByteArrayOutputStream();
                        bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
                    }
                    bytes.writeBytes(in.opaque());
                }
                case START -> {
                    Tag t = in.tag();
                    if (t != Tag.DDF_MGMT_TREE || tnds != null) {
                        throw notAllowed(t, Tag.DATA);
                    }
                    tnds = readElement(t);
                }
                case END -> {
                    return data(text, bytes, tnds);
                }
                case END_DOCUMENT -> throw in.malformed("the document ends inside Data");
            }
        }
    }

    private Data data(StringBuilder text, ByteArrayOutputStream bytes, Element tnds) throws SyncMLDecodeException {
        if (tnds != null) {
            if (bytes != null || !text.toString().isBlank()) {
                throw in.malformed("Data mixes a MgmtTree with other content");
            }
            return new Data.Tnds(tnds);
        }
        if (bytes == null) {
            return Data.text(text.toString());
        }
        byte[] value = bytes.toByteArray();
        // Decided on the whole value, not on how it was cut into pieces, so that it reads the same once re-encoded.
        return WbxmlMarkupReader.declaresTnds(value) ? new Data.Tnds(readEmbeddedTnds(value)) : Data.opaque(value);
    }

    /** A TNDS document carried as opaque WBXML: one MgmtTree on code page 2. */
    private Element readEmbeddedTnds(byte[] document) throws SyncMLDecodeException {
        MarkupReader nested = new WbxmlMarkupReader(document, limits.maxDepth(), true);
        MarkupCursor reader = new MarkupCursor(nested, limits);
        if (nested.next() != MarkupReader.Event.START || nested.tag() != Tag.DDF_MGMT_TREE) {
            throw nested.malformed("an embedded TNDS document must hold one MgmtTree");
        }
        Element tree = reader.readElement(Tag.DDF_MGMT_TREE);
        if (nested.next() != MarkupReader.Event.END_DOCUMENT) {
            throw nested.malformed("content after the MgmtTree of an embedded TNDS document");
        }
        return tree;
    }

    /** A DDF element (TNDS): either text or child elements, empty elements such as {@code <chr/>} have neither. */
    private Element readElement(Tag self) throws SyncMLDecodeException {
        List<Element> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            switch (in.next()) {
                case START -> {
                    Tag t = in.tag();
                    if (t.page() != CodePage.DDF) {
                        throw notAllowed(t, self);
                    }
                    children.add(readElement(t));
                }
                case TEXT -> text.append(in.text());
                case OPAQUE -> text.append(utf8(in.opaque()));
                case END -> {
                    if (!children.isEmpty()) {
                        if (!text.toString().isBlank()) {
                            throw in.malformed(self.localName() + " mixes text and elements");
                        }
                        return new Element(self.localName(), children, null);
                    }
                    return new Element(self.localName(), children, text.length() == 0 ? null : text.toString());
                }
                case END_DOCUMENT -> throw in.malformed("the document ends inside " + self.localName());
            }
        }
    }

    /** The next child element of {@code parent}, or null at its end. Whitespace between elements is skipped. */
    Tag nextChild(Tag parent) throws SyncMLDecodeException {
        while (true) {
            switch (in.next()) {
                case START -> {
                    return in.tag();
                }
                case END -> {
                    return null;
                }
                case TEXT -> requireBlank(parent);
                case OPAQUE -> throw in.malformed("opaque data directly inside " + parent.localName());
                case END_DOCUMENT -> throw in.malformed("the document ends inside " + parent.localName());
            }
        }
    }

    void requireBlank(Tag parent) throws SyncMLDecodeException {
        if (!in.text().isBlank()) {
            throw in.malformed("text directly inside " + (parent == null ? "the document" : parent.localName()));
        }
    }

    /** The text content of a leaf element, trimmed: identifiers, numbers, URIs. */
    String readToken() throws SyncMLDecodeException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            switch (in.next()) {
                case TEXT -> sb.append(in.text());
                case OPAQUE -> sb.append(utf8(in.opaque()));
                case END -> {
                    return sb.toString().trim();
                }
                case START -> throw in.malformed("element " + in.tag().localName() + " inside a text element");
                case END_DOCUMENT -> throw in.malformed("the document ends inside a text element");
            }
        }
    }

    /** An empty marker element (Final, NoResp, MoreData). */
    boolean readFlag(boolean seen, Tag self) throws SyncMLDecodeException {
        if (seen) {
            throw in.malformed("repeated " + self.localName());
        }
        if (!readToken().isEmpty()) {
            throw in.malformed(self.localName() + " must be empty");
        }
        return true;
    }

    private String utf8(byte[] bytes) throws SyncMLDecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw in.malformed("opaque data in a text element is not UTF-8");
        }
    }

    <T> T once(T previous, T value, Tag t) throws SyncMLDecodeException {
        if (previous != null) {
            throw in.malformed("repeated " + t.localName());
        }
        return value;
    }

    void require(Object value, Tag t, Tag parent) throws SyncMLDecodeException {
        if (value == null) {
            throw in.malformed(parent.localName() + " lacks " + t.localName());
        }
    }

    SyncMLDecodeException notAllowed(Tag t, Tag parent) {
        return in.malformed(t.localName() + " is not allowed in " + parent.localName());
    }

    int number(String s, String what) throws SyncMLDecodeException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw in.malformed(what + " is not a number: '" + abbreviate(s) + "'");
        }
    }

    Long longNumber(String s, Tag t) throws SyncMLDecodeException {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw in.malformed(t.localName() + " is negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw in.malformed(t.localName() + " is not a number: '" + abbreviate(s) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
