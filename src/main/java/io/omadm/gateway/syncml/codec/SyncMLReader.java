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
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the message model from markup events, whichever wire format they came from. Elements may come in any order
 * (peers differ); an element the DTD does not allow where it stands, a repeated single element, or a missing required
 * one is a MALFORMED decode error that names it.
 */
final class SyncMLReader {

    private final MarkupCursor in;

    SyncMLReader(MarkupReader markup, DecodeLimits limits) {
        this.in = new MarkupCursor(markup, limits);
    }

    SyncMLMessage readMessage() throws SyncMLDecodeException {
        Tag root = firstElement();
        if (root != Tag.SYNC_ML) {
            throw in.malformed("the root element is " + root.localName() + ", not SyncML");
        }
        SyncHdr header = null;
        SyncBody body = null;
        for (Tag t; (t = in.nextChild(root)) != null; ) {
            switch (t) {
                case SYNC_HDR -> header = in.once(header, readHeader(), t);
                case SYNC_BODY -> body = in.once(body, readBody(), t);
                default -> throw in.notAllowed(t, root);
            }
        }
        if (header == null || body == null) {
            throw in.malformed("SyncML needs a SyncHdr and a SyncBody");
        }
        if (in.markup().next() != MarkupReader.Event.END_DOCUMENT) {
            throw in.malformed("content after the end of the SyncML element");
        }
        return new SyncMLMessage(header, body);
    }

    private Tag firstElement() throws SyncMLDecodeException {
        while (true) {
            switch (in.markup().next()) {
                case START -> {
                    return in.markup().tag();
                }
                case TEXT -> in.requireBlank(null);
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
        for (Tag t; (t = in.nextChild(Tag.SYNC_HDR)) != null; ) {
            switch (t) {
                case VER_DTD -> verDtd = in.once(verDtd, in.readToken(), t);
                case VER_PROTO -> verProto = in.once(verProto, in.readToken(), t);
                case SESSION_ID -> sessionId = in.once(sessionId, in.readToken(), t);
                case MSG_ID -> msgId = in.once(msgId, in.readToken(), t);
                case TARGET -> target = in.once(target, readLocation(t), t);
                case SOURCE -> source = in.once(source, readLocation(t), t);
                case RESP_URI -> respUri = in.once(respUri, in.readToken(), t);
                case NO_RESP -> noResp = in.readFlag(noResp, t);
                case CRED -> cred = in.once(cred, readCred(), t);
                case META -> meta = in.once(meta, readMeta(), t);
                default -> throw in.notAllowed(t, Tag.SYNC_HDR);
            }
        }
        in.require(verDtd, Tag.VER_DTD, Tag.SYNC_HDR);
        in.require(verProto, Tag.VER_PROTO, Tag.SYNC_HDR);
        in.require(sessionId, Tag.SESSION_ID, Tag.SYNC_HDR);
        in.require(msgId, Tag.MSG_ID, Tag.SYNC_HDR);
        in.require(target, Tag.TARGET, Tag.SYNC_HDR);
        in.require(source, Tag.SOURCE, Tag.SYNC_HDR);
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, respUri, noResp, cred, meta);
    }

    private SyncBody readBody() throws SyncMLDecodeException {
        List<Command> commands = new ArrayList<>();
        boolean isFinal = false;
        for (Tag t; (t = in.nextChild(Tag.SYNC_BODY)) != null; ) {
            switch (t) {
                case FINAL -> isFinal = in.readFlag(isFinal, t);
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
            default -> throw in.notAllowed(t, parent);
        };
    }

    private Status readStatus() throws SyncMLDecodeException {
        String cmdId = null, msgRef = null, cmdRef = null, cmd = null, code = null;
        List<String> targetRefs = new ArrayList<>();
        List<String> sourceRefs = new ArrayList<>();
        Cred cred = null;
        Chal chal = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = in.nextChild(Tag.STATUS)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = in.once(cmdId, in.readToken(), t);
                case MSG_REF -> msgRef = in.once(msgRef, in.readToken(), t);
                case CMD_REF -> cmdRef = in.once(cmdRef, in.readToken(), t);
                case CMD -> cmd = in.once(cmd, in.readToken(), t);
                case TARGET_REF -> targetRefs.add(in.readToken());
                case SOURCE_REF -> sourceRefs.add(in.readToken());
                case CRED -> cred = in.once(cred, readCred(), t);
                case CHAL -> chal = in.once(chal, readChal(), t);
                case DATA -> code = in.once(code, in.readToken(), t);
                case ITEM -> items.add(readItem());
                default -> throw in.notAllowed(t, Tag.STATUS);
            }
        }
        in.require(cmdId, Tag.CMD_ID, Tag.STATUS);
        in.require(msgRef, Tag.MSG_REF, Tag.STATUS);
        in.require(cmdRef, Tag.CMD_REF, Tag.STATUS);
        in.require(cmd, Tag.CMD, Tag.STATUS);
        in.require(code, Tag.DATA, Tag.STATUS);
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, chal,
                in.number(code, "Status code"), items);
    }

    private Results readResults() throws SyncMLDecodeException {
        String cmdId = null, msgRef = null, cmdRef = null, targetRef = null, sourceRef = null;
        Meta meta = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = in.nextChild(Tag.RESULTS)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = in.once(cmdId, in.readToken(), t);
                case MSG_REF -> msgRef = in.once(msgRef, in.readToken(), t);
                case CMD_REF -> cmdRef = in.once(cmdRef, in.readToken(), t);
                case META -> meta = in.once(meta, readMeta(), t);
                case TARGET_REF -> targetRef = in.once(targetRef, in.readToken(), t);
                case SOURCE_REF -> sourceRef = in.once(sourceRef, in.readToken(), t);
                case ITEM -> items.add(readItem());
                default -> throw in.notAllowed(t, Tag.RESULTS);
            }
        }
        in.require(cmdId, Tag.CMD_ID, Tag.RESULTS);
        in.require(cmdRef, Tag.CMD_REF, Tag.RESULTS);
        return new Results(cmdId, msgRef, cmdRef, meta, targetRef, sourceRef, items);
    }

    private Alert readAlert() throws SyncMLDecodeException {
        String cmdId = null, code = null, correlator = null;
        boolean noResp = false;
        Cred cred = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = in.nextChild(Tag.ALERT)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = in.once(cmdId, in.readToken(), t);
                case NO_RESP -> noResp = in.readFlag(noResp, t);
                case CRED -> cred = in.once(cred, readCred(), t);
                case DATA -> code = in.once(code, in.readToken(), t);
                case CORRELATOR -> correlator = in.once(correlator, in.readToken(), t);
                case ITEM -> items.add(readItem());
                default -> throw in.notAllowed(t, Tag.ALERT);
            }
        }
        in.require(cmdId, Tag.CMD_ID, Tag.ALERT);
        in.require(code, Tag.DATA, Tag.ALERT);
        return new Alert(cmdId, noResp, cred, in.number(code, "Alert code"), correlator, items);
    }

    private ItemCommand readItemCommand(Verb verb, Tag self) throws SyncMLDecodeException {
        String cmdId = null, correlator = null;
        boolean noResp = false;
        Cred cred = null;
        Meta meta = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = in.nextChild(self)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = in.once(cmdId, in.readToken(), t);
                case NO_RESP -> noResp = in.readFlag(noResp, t);
                case CRED -> cred = in.once(cred, readCred(), t);
                case META -> meta = in.once(meta, readMeta(), t);
                case CORRELATOR -> {
                    if (verb != Verb.EXEC) {
                        throw in.notAllowed(t, self);
                    }
                    correlator = in.once(correlator, in.readToken(), t);
                }
                case ITEM -> items.add(readItem());
                default -> throw in.notAllowed(t, self);
            }
        }
        in.require(cmdId, Tag.CMD_ID, self);
        return new ItemCommand(verb, cmdId, noResp, cred, meta, correlator, items);
    }

    private Command readContainer(Tag self) throws SyncMLDecodeException {
        String cmdId = null;
        boolean noResp = false;
        Meta meta = null;
        List<Command> commands = new ArrayList<>();
        for (Tag t; (t = in.nextChild(self)) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = in.once(cmdId, in.readToken(), t);
                case NO_RESP -> noResp = in.readFlag(noResp, t);
                case META -> meta = in.once(meta, readMeta(), t);
                default -> commands.add(readNestableCommand(t, self));
            }
        }
        in.require(cmdId, Tag.CMD_ID, self);
        return self == Tag.ATOMIC
                ? new Atomic(cmdId, noResp, meta, commands)
                : new Sequence(cmdId, noResp, meta, commands);
    }

    private Item readItem() throws SyncMLDecodeException {
        Location target = null, source = null;
        Meta meta = null;
        Data data = null;
        boolean moreData = false;
        for (Tag t; (t = in.nextChild(Tag.ITEM)) != null; ) {
            switch (t) {
                case TARGET -> target = in.once(target, readLocation(t), t);
                case SOURCE -> source = in.once(source, readLocation(t), t);
                case META -> meta = in.once(meta, readMeta(), t);
                case DATA -> data = in.once(data, in.readData(), t);
                case MORE_DATA -> moreData = in.readFlag(moreData, t);
                default -> throw in.notAllowed(t, Tag.ITEM);
            }
        }
        return new Item(target, source, meta, data, moreData);
    }

    private Location readLocation(Tag self) throws SyncMLDecodeException {
        String uri = null, name = null;
        for (Tag t; (t = in.nextChild(self)) != null; ) {
            switch (t) {
                case LOC_URI -> uri = in.once(uri, in.readToken(), t);
                case LOC_NAME -> name = in.once(name, in.readToken(), t);
                default -> throw in.notAllowed(t, self);
            }
        }
        in.require(uri, Tag.LOC_URI, self);
        return new Location(uri, name);
    }

    private Cred readCred() throws SyncMLDecodeException {
        Meta meta = null;
        Data data = null;
        for (Tag t; (t = in.nextChild(Tag.CRED)) != null; ) {
            switch (t) {
                case META -> meta = in.once(meta, readMeta(), t);
                case DATA -> data = in.once(data, in.readData(), t);
                default -> throw in.notAllowed(t, Tag.CRED);
            }
        }
        in.require(data, Tag.DATA, Tag.CRED);
        return new Cred(meta, data);
    }

    private Chal readChal() throws SyncMLDecodeException {
        Meta meta = null;
        for (Tag t; (t = in.nextChild(Tag.CHAL)) != null; ) {
            if (t != Tag.META) {
                throw in.notAllowed(t, Tag.CHAL);
            }
            meta = in.once(meta, readMeta(), t);
        }
        in.require(meta, Tag.META, Tag.CHAL);
        return new Chal(meta);
    }

    private Meta readMeta() throws SyncMLDecodeException {
        String format = null, type = null, mark = null, version = null, nextNonce = null;
        Long size = null, maxMsgSize = null, maxObjSize = null;
        for (Tag t; (t = in.nextChild(Tag.META)) != null; ) {
            switch (t) {
                case META_FORMAT -> format = in.once(format, in.readToken(), t);
                case META_TYPE -> type = in.once(type, tndsNeutral(in.readToken()), t);
                case META_MARK -> mark = in.once(mark, in.readToken(), t);
                case META_SIZE -> size = in.once(size, in.longNumber(in.readToken(), t), t);
                case META_VERSION -> version = in.once(version, in.readToken(), t);
                case META_NEXT_NONCE -> nextNonce = in.once(nextNonce, in.readToken(), t);
                case META_MAX_MSG_SIZE -> maxMsgSize = in.once(maxMsgSize, in.longNumber(in.readToken(), t), t);
                case META_MAX_OBJ_SIZE -> maxObjSize = in.once(maxObjSize, in.longNumber(in.readToken(), t), t);
                default -> throw in.notAllowed(t, Tag.META);
            }
        }
        return new Meta(format, type, mark, size, version, nextNonce, maxMsgSize, maxObjSize);
    }

    /** The TNDS type names the wire encoding; the model keeps one (see {@link Meta#TNDS_TYPE}). */
    private static String tndsNeutral(String type) {
        return Meta.TNDS_WBXML_TYPE.equals(type) ? Meta.TNDS_TYPE : type;
    }











}
