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
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Sequence;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.util.List;

/** Writes the message model as markup events, in the element order of the SyncML 1.2 and MetInf DTDs. */
final class SyncMLWriter {

    private final MarkupWriter out;

    SyncMLWriter(MarkupWriter out) {
        this.out = out;
    }

    void write(SyncMLMessage message) {
        out.start(Tag.SYNC_ML);
        writeHeader(message.header());
        out.start(Tag.SYNC_BODY);
        for (Command c : message.body().commands()) {
            writeCommand(c);
        }
        if (message.body().isFinal()) {
            flag(Tag.FINAL);
        }
        out.end();
        out.end();
    }

    private void writeHeader(SyncHdr h) {
        out.start(Tag.SYNC_HDR);
        leaf(Tag.VER_DTD, h.verDtd());
        leaf(Tag.VER_PROTO, h.verProto());
        leaf(Tag.SESSION_ID, h.sessionId());
        leaf(Tag.MSG_ID, h.msgId());
        location(Tag.TARGET, h.target());
        location(Tag.SOURCE, h.source());
        leaf(Tag.RESP_URI, h.respUri());
        if (h.noResp()) {
            flag(Tag.NO_RESP);
        }
        cred(h.cred());
        meta(h.meta());
        out.end();
    }

    private void writeCommand(Command c) {
        // Java 17 has no pattern switch; Command is sealed, so this chain is complete.
        if (c instanceof Status s) {
            writeStatus(s);
        } else if (c instanceof Results r) {
            writeResults(r);
        } else if (c instanceof Alert a) {
            writeAlert(a);
        } else if (c instanceof ItemCommand ic) {
            writeItemCommand(ic);
        } else if (c instanceof Atomic a) {
            writeContainer(Tag.ATOMIC, a.cmdId(), a.noResp(), a.meta(), a.commands());
        } else if (c instanceof Sequence s) {
            writeContainer(Tag.SEQUENCE, s.cmdId(), s.noResp(), s.meta(), s.commands());
        }
    }

    private void writeStatus(Status s) {
        out.start(Tag.STATUS);
        leaf(Tag.CMD_ID, s.cmdId());
        leaf(Tag.MSG_REF, s.msgRef());
        leaf(Tag.CMD_REF, s.cmdRef());
        leaf(Tag.CMD, s.cmd());
        for (String ref : s.targetRefs()) {
            leaf(Tag.TARGET_REF, ref);
        }
        for (String ref : s.sourceRefs()) {
            leaf(Tag.SOURCE_REF, ref);
        }
        cred(s.cred());
        if (s.chal() != null) {
            out.start(Tag.CHAL);
            meta(s.chal().meta());
            out.end();
        }
        leaf(Tag.DATA, Integer.toString(s.code()));
        items(s.items());
        out.end();
    }

    private void writeResults(Results r) {
        out.start(Tag.RESULTS);
        leaf(Tag.CMD_ID, r.cmdId());
        leaf(Tag.MSG_REF, r.msgRef());
        leaf(Tag.CMD_REF, r.cmdRef());
        meta(r.meta());
        leaf(Tag.TARGET_REF, r.targetRef());
        leaf(Tag.SOURCE_REF, r.sourceRef());
        items(r.items());
        out.end();
    }

    private void writeAlert(Alert a) {
        out.start(Tag.ALERT);
        leaf(Tag.CMD_ID, a.cmdId());
        if (a.noResp()) {
            flag(Tag.NO_RESP);
        }
        cred(a.cred());
        leaf(Tag.DATA, Integer.toString(a.code()));
        leaf(Tag.CORRELATOR, a.correlator());
        items(a.items());
        out.end();
    }

    private void writeItemCommand(ItemCommand c) {
        Tag tag = switch (c.verb()) {
            case ADD -> Tag.ADD;
            case REPLACE -> Tag.REPLACE;
            case DELETE -> Tag.DELETE;
            case GET -> Tag.GET;
            case EXEC -> Tag.EXEC;
            case COPY -> Tag.COPY;
        };
        out.start(tag);
        leaf(Tag.CMD_ID, c.cmdId());
        if (c.noResp()) {
            flag(Tag.NO_RESP);
        }
        cred(c.cred());
        meta(c.meta());
        leaf(Tag.CORRELATOR, c.correlator());
        items(c.items());
        out.end();
    }

    private void writeContainer(Tag tag, String cmdId, boolean noResp, Meta meta, List<Command> commands) {
        out.start(tag);
        leaf(Tag.CMD_ID, cmdId);
        if (noResp) {
            flag(Tag.NO_RESP);
        }
        meta(meta);
        for (Command c : commands) {
            writeCommand(c);
        }
        out.end();
    }

    private void items(List<Item> items) {
        for (Item item : items) {
            out.start(Tag.ITEM);
            location(Tag.TARGET, item.target());
            location(Tag.SOURCE, item.source());
            meta(item.meta());
            data(item.data());
            if (item.moreData()) {
                flag(Tag.MORE_DATA);
            }
            out.end();
        }
    }

    private void location(Tag tag, Location loc) {
        if (loc == null) {
            return;
        }
        out.start(tag);
        leaf(Tag.LOC_URI, loc.locUri());
        leaf(Tag.LOC_NAME, loc.locName());
        out.end();
    }

    private void cred(Cred cred) {
        if (cred == null) {
            return;
        }
        out.start(Tag.CRED);
        meta(cred.meta());
        data(cred.data());
        out.end();
    }

    private void meta(Meta m) {
        if (m == null) {
            return;
        }
        out.start(Tag.META);
        leaf(Tag.META_FORMAT, m.format());
        leaf(Tag.META_TYPE, Meta.TNDS_TYPE.equals(m.type()) || Meta.TNDS_WBXML_TYPE.equals(m.type())
                ? out.tndsMediaType() // the TNDS type names its encoding: +xml inline, +wbxml as an embedded document
                : m.type());
        leaf(Tag.META_MARK, m.mark());
        leaf(Tag.META_SIZE, m.size());
        leaf(Tag.META_VERSION, m.version());
        leaf(Tag.META_NEXT_NONCE, m.nextNonce());
        leaf(Tag.META_MAX_MSG_SIZE, m.maxMsgSize());
        leaf(Tag.META_MAX_OBJ_SIZE, m.maxObjSize());
        out.end();
    }

    private void data(Data data) {
        if (data == null) {
            return;
        }
        out.start(Tag.DATA);
        if (data instanceof Data.Text t) {
            if (!t.value().isEmpty()) {
                out.text(t.value());
            }
        } else if (data instanceof Data.Opaque o) {
            out.opaque(o.value());
        } else if (data instanceof Data.Tnds tnds) {
            MarkupWriter document = out.tndsDocument();
            if (document == null) {
                element(out, tnds.mgmtTree());
            } else {
                element(document, tnds.mgmtTree());
                out.opaque(document.toByteArray());
            }
        }
        out.end();
    }

    private static void element(MarkupWriter to, Element e) {
        Tag tag = Tag.byName(CodePage.DDF, e.name());
        if (tag == null) {
            throw new SyncMLEncodeException("'" + e.name() + "' is not a DM DDF element");
        }
        to.start(tag);
        if (e.text() != null) {
            to.text(e.text());
        }
        for (Element child : e.children()) {
            element(to, child);
        }
        to.end();
    }

    private void leaf(Tag tag, Object value) {
        if (value == null) {
            return;
        }
        out.start(tag);
        String s = value.toString();
        if (!s.isEmpty()) {
            out.text(s);
        }
        out.end();
    }

    private void flag(Tag tag) {
        out.start(tag);
        out.end();
    }
}
