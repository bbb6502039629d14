package io.omadm.gateway.syncml.codec;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Atomic;
import io.omadm.gateway.syncml.Chal;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Sequence;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the message model from markup events, whichever wire format they came from. Elements may come in any order
 * (peers differ); an element the DTD does not allow where it stands, a repeated single element, or a missing required
 * one is a MALFORMED decode error that names it.
 */
final class SyncMLReader {

    private final MarkupReader in;
    private final DecodeLimits limits;

    SyncMLReader(MarkupReader in, DecodeLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    SyncMLMessage readMessage() throws SyncMLDecodeException {
        Tag root = firstElement();
        if (root != Tag.SYNC_ML) {
            throw in.malformed("the root element is " + root.localName() + ", not SyncML");
        }
        SyncHdr header = null;
        SyncBody body = null;
        for (Tag t; (t = nextChild(root)) != null; ) {
            switch (t) {
                case SYNC_HDR -> header = once(header, readHeader(), t);
                case SYNC_BODY -> body = once(body, readBody(), t);
                default -> throw notAllowed(t, root);
            }
        }
        if (header == null || body == null) {
            throw in.malformed("SyncML needs a SyncHdr and a SyncBody");
        }
        if (in.next() != MarkupReader.Event.END_DOCUMENT) {
            throw in.malformed("content after the end of the SyncML element");
        }
        return new SyncMLMessage(header, body);
    }

    private Tag firstElement() throws SyncMLDecodeException {
        while (true) {
            switch (in.next()) {
                case START -> {
                    return in.tag();
                }
                case TEXT -> requireBlank(null);
                default -> throw in.malformed("the document has no root element");
            }
        }
    }

    private SyncHdr readHeader() throws SyncMLDecodeException {
        String verDtd = null, verProto = null, sessionId = null, msgId = null, respUri = null;
        Location target = null, source = null;
        boolean noResp = false;
        Cred cred = null;
        Meta meta = null;
        for (Tag t; (t = nextChild(Tag.SYNC_HDR)) != null; ) {
            switch (t) {
                case VER_DTD -> verDtd = once(verDtd, readToken(), t);
                case VER_PROTO -> verProto = once(verProto, readToken(), t);
                case SESSION_ID -> sessionId = once(sessionId, readToken(), t);
                case MSG_ID -> msgId = once(msgId, readToken(), t);
                case TARGET -> target = once(target, readLocation(t), t);
                case SOURCE -> source = once(source, readLocation(t), t);
                case RESP_URI -> respUri = once(respUri, readToken(), t);
                case NO_RESP -> noResp = readFlag(noResp, t);
                case CRED -> cred = once(cred, readCred(), t);
                case META -> meta = once(meta, readMeta(), t);
                default -> throw notAllowed(t, Tag.SYNC_HDR);
            }
        }
        require(verDtd, Tag.VER_DTD, Tag.SYNC_HDR);
        require(verProto, Tag.VER_PROTO, Tag.SYNC_HDR);
        require(sessionId, Tag.SESSION_ID, Tag.SYNC_HDR);
        require(msgId, Tag.MSG_ID, Tag.SYNC_HDR);
        require(target, Tag.TARGET, Tag.SYNC_HDR);
        require(source, Tag.SOURCE, Tag.SYNC_HDR);
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, respUri, noResp, cred, meta);
    }

    private SyncBody readBody() throws SyncMLDecodeException {
        List<Command> commands = new ArrayList<>();
        boolean isFinal = false;
        for (Tag t; (t = nextChild(Tag.SYNC_BODY)) != null; ) {
            switch (t) {
                case FINAL -> isFinal = readFlag(isFinal, t);
                case STATUS -> commands.add(readStatus());
                case RESULTS -> commands.add(readResults());
                default -> commands.add(readNestableCommand(t, Tag.SYNC_BODY));
            }
        }
        return new SyncBody(commands, isFinal);
    }

    /** The commands that may stand both in SyncBody and inside Atomic or Sequence (SyncML 1.2 DTD). */
    private Command readNestableCommand(Tag t, Tag parent) throws SyncMLDecodeException {
        return switch (t) {
            case ALERT -> readAlert();
            case ADD -> readItemCommand(Verb.ADD, t);
            case REPLACE -> readItemCommand(Verb.REPLACE, t);
            case DELETE -> readItemCommand(Verb.DELETE, t);
            case GET -> readItemCommand(Verb.GET, t);
            case EXEC -> readItemCommand(Verb.EXEC, t);
            case COPY -> readItemCommand(Verb.COPY, t);
            case ATOMIC, SEQUENCE -> readContainer(t);
            default -> throw notAllowed(t, parent);
        };
    }

    private Status readStatus() throws SyncMLDecodeException {
        String cmdId = null, msgRef = null, cmdRef = null, cmd = null, code = null;
        List<String> targetRefs = new ArrayList<>();
        List<String> sourceRefs = new ArrayList<>();
        Cred cred = null;
        Chal chal = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextChild(Tag.STATUS)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, readToken(), t);
                case MSG_REF -> msgRef = once(msgRef, readToken(), t);
                case CMD_REF -> cmdRef = once(cmdRef, readToken(), t);
                case CMD -> cmd = once(cmd, readToken(), t);
                case TARGET_REF -> targetRefs.add(readToken());
                case SOURCE_REF -> sourceRefs.add(readToken());
                case CRED -> cred = once(cred, readCred(), t);
                case CHAL -> chal = once(chal, readChal(), t);
                case DATA -> code = once(code, readToken(), t);
                case ITEM -> items.add(readItem());
                default -> throw notAllowed(t, Tag.STATUS);
            }
        }
        require(cmdId, Tag.CMD_ID, Tag.STATUS);
        require(msgRef, Tag.MSG_REF, Tag.STATUS);
        require(cmdRef, Tag.CMD_REF, Tag.STATUS);
        require(cmd, Tag.CMD, Tag.STATUS);
        require(code, Tag.DATA, Tag.STATUS);
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, chal,
                number(code, "Status code"), items);
    }

    private Results readResults() throws SyncMLDecodeException {
        String cmdId = null, msgRef = null, cmdRef = null, targetRef = null, sourceRef = null;
        Meta meta = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextChild(Tag.RESULTS)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, readToken(), t);
                case MSG_REF -> msgRef = once(msgRef, readToken(), t);
                case CMD_REF -> cmdRef = once(cmdRef, readToken(), t);
                case META -> meta = once(meta, readMeta(), t);
                case TARGET_REF -> targetRef = once(targetRef, readToken(), t);
                case SOURCE_REF -> sourceRef = once(sourceRef, readToken(), t);
                case ITEM -> items.add(readItem());
                default -> throw notAllowed(t, Tag.RESULTS);
            }
        }
        require(cmdId, Tag.CMD_ID, Tag.RESULTS);
        require(cmdRef, Tag.CMD_REF, Tag.RESULTS);
        return new Results(cmdId, msgRef, cmdRef, meta, targetRef, sourceRef, items);
    }

    private Alert readAlert() throws SyncMLDecodeException {
        String cmdId = null, code = null, correlator = null;
        boolean noResp = false;
        Cred cred = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextChild(Tag.ALERT)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, readToken(), t);
                case NO_RESP -> noResp = readFlag(noResp, t);
                case CRED -> cred = once(cred, readCred(), t);
                case DATA -> code = once(code, readToken(), t);
                case CORRELATOR -> correlator = once(correlator, readToken(), t);
                case ITEM -> items.add(readItem());
                default -> throw notAllowed(t, Tag.ALERT);
            }
        }
        require(cmdId, Tag.CMD_ID, Tag.ALERT);
        require(code, Tag.DATA, Tag.ALERT);
        return new Alert(cmdId, noResp, cred, number(code, "Alert code"), correlator, items);
    }

    private ItemCommand readItemCommand(Verb verb, Tag self) throws SyncMLDecodeException {
        String cmdId = null, correlator = null;
        boolean noResp = false;
        Cred cred = null;
        Meta meta = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextChild(self)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, readToken(), t);
                case NO_RESP -> noResp = readFlag(noResp, t);
                case CRED -> cred = once(cred, readCred(), t);
                case META -> meta = once(meta, readMeta(), t);
                case CORRELATOR -> {
                    if (verb != Verb.EXEC) {
                        throw notAllowed(t, self);
                    }
                    correlator = once(correlator, readToken(), t);
                }
                case ITEM -> items.add(readItem());
                default -> throw notAllowed(t, self);
            }
        }
        require(cmdId, Tag.CMD_ID, self);
        return new ItemCommand(verb, cmdId, noResp, cred, meta, correlator, items);
    }

    private Command readContainer(Tag self) throws SyncMLDecodeException {
        String cmdId = null;
        boolean noResp = false;
        Meta meta = null;
        List<Command> commands = new ArrayList<>();
        for (Tag t; (t = nextChild(self)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, readToken(), t);
                case NO_RESP -> noResp = readFlag(noResp, t);
                case META -> meta = once(meta, readMeta(), t);
                default -> commands.add(readNestableCommand(t, self));
            }
        }
        require(cmdId, Tag.CMD_ID, self);
        return self == Tag.ATOMIC
                ? new Atomic(cmdId, noResp, meta, commands)
                : new Sequence(cmdId, noResp, meta, commands);
    }

    private Item readItem() throws SyncMLDecodeException {
        Location target = null, source = null;
        Meta meta = null;
        Data data = null;
        boolean moreData = false;
        for (Tag t; (t = nextChild(Tag.ITEM)) != null; ) {
            switch (t) {
                case TARGET -> target = once(target, readLocation(t), t);
                case SOURCE -> source = once(source, readLocation(t), t);
                case META -> meta = once(meta, readMeta(), t);
                case DATA -> data = once(data, readData(), t);
                case MORE_DATA -> moreData = readFlag(moreData, t);
                default -> throw notAllowed(t, Tag.ITEM);
            }
        }
        return new Item(target, source, meta, data, moreData);
    }

    private Location readLocation(Tag self) throws SyncMLDecodeException {
        String uri = null, name = null;
        for (Tag t; (t = nextChild(self)) != null; ) {
            switch (t) {
                case LOC_URI -> uri = once(uri, readToken(), t);
                case LOC_NAME -> name = once(name, readToken(), t);
                default -> throw notAllowed(t, self);
            }
        }
        require(uri, Tag.LOC_URI, self);
        return new Location(uri, name);
    }

    private Cred readCred() throws SyncMLDecodeException {
        Meta meta = null;
        Data data = null;
        for (Tag t; (t = nextChild(Tag.CRED)) != null; ) {
            switch (t) {
                case META -> meta = once(meta, readMeta(), t);
                case DATA -> data = once(data, readData(), t);
                default -> throw notAllowed(t, Tag.CRED);
            }
        }
        require(data, Tag.DATA, Tag.CRED);
        return new Cred(meta, data);
    }

    private Chal readChal() throws SyncMLDecodeException {
        Meta meta = null;
        for (Tag t; (t = nextChild(Tag.CHAL)) != null; ) {
            if (t != Tag.META) {
                throw notAllowed(t, Tag.CHAL);
            }
            meta = once(meta, readMeta(), t);
        }
        require(meta, Tag.META, Tag.CHAL);
        return new Chal(meta);
    }

    private Meta readMeta() throws SyncMLDecodeException {
        String format = null, type = null, mark = null, version = null, nextNonce = null;
        Long size = null, maxMsgSize = null, maxObjSize = null;
        for (Tag t; (t = nextChild(Tag.META)) != null; ) {
            switch (t) {
                case META_FORMAT -> format = once(format, readToken(), t);
                case META_TYPE -> type = once(type, tndsNeutral(readToken()), t);
                case META_MARK -> mark = once(mark, readToken(), t);
                case META_SIZE -> size = once(size, longNumber(readToken(), t), t);
                case META_VERSION -> version = once(version, readToken(), t);
                case META_NEXT_NONCE -> nextNonce = once(nextNonce, readToken(), t);
                case META_MAX_MSG_SIZE -> maxMsgSize = once(maxMsgSize, longNumber(readToken(), t), t);
                case META_MAX_OBJ_SIZE -> maxObjSize = once(maxObjSize, longNumber(readToken(), t), t);
                default -> throw notAllowed(t, Tag.META);
            }
        }
        return new Meta(format, type, mark, size, version, nextNonce, maxMsgSize, maxObjSize);
    }

    /** The TNDS type names the wire encoding; the model keeps one (see {@link Meta#TNDS_TYPE}). */
    private static String tndsNeutral(String type) {
        return Meta.TNDS_WBXML_TYPE.equals(type) ? Meta.TNDS_TYPE : type;
    }

    /**
     * Data holds text, opaque bytes (WBXML), or one embedded TNDS MgmtTree. Pieces keep their document order; once an
     * opaque piece appears, the whole value is bytes (strings as UTF-8).
     */
    private Data readData() throws SyncMLDecodeException {
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
        SyncMLReader reader = new SyncMLReader(nested, limits);
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

    // ---- small readers ----

    /** The next child element of {@code parent}, or null at its end. Whitespace between elements is skipped. */
    private Tag nextChild(Tag parent) throws SyncMLDecodeException {
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

    private void requireBlank(Tag parent) throws SyncMLDecodeException {
        if (!in.text().isBlank()) {
            throw in.malformed("text directly inside " + (parent == null ? "the document" : parent.localName()));
        }
    }

    /** The text content of a leaf element, trimmed: identifiers, numbers, URIs. */
    private String readToken() throws SyncMLDecodeException {
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
    private boolean readFlag(boolean seen, Tag self) throws SyncMLDecodeException {
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

    private <T> T once(T previous, T value, Tag t) throws SyncMLDecodeException {
        if (previous != null) {
            throw in.malformed("repeated " + t.localName());
        }
        return value;
    }

    private void require(Object value, Tag t, Tag parent) throws SyncMLDecodeException {
        if (value == null) {
            throw in.malformed(parent.localName() + " lacks " + t.localName());
        }
    }

    private SyncMLDecodeException notAllowed(Tag t, Tag parent) {
        return in.malformed(t.localName() + " is not allowed in " + parent.localName());
    }

    private int number(String s, String what) throws SyncMLDecodeException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw in.malformed(what + " is not a number: '" + abbreviate(s) + "'");
        }
    }

    private Long longNumber(String s, Tag t) throws SyncMLDecodeException {
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
