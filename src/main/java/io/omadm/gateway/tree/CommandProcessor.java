package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.AlertCode;
import io.omadm.gateway.syncml.Atomic;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Sequence;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Runs a DM server's commands on the tree and writes the Status and Results it owes for them (spec notes §2.2,
 * §2.7). One per session: it keeps the large object being received across messages. Binary values travel as b64
 * text in XML and as opaque bytes in WBXML; the tree keeps them as Format bin.
 */
public final class CommandProcessor {

    private static final Logger LOG = Logger.getLogger(CommandProcessor.class.getName());

    private final DmTree tree;
    private final String serverId;
    private final boolean binaryAsB64;
    private final long maxObjSize;
    private final LargeObjectReceiver incoming;

    /**
     * @param binaryAsB64 the session speaks XML, so bin values go out as b64 text
     * @param maxObjSize the largest object we accept (our MaxObjSize); bigger ones get 413
     */
    public CommandProcessor(DmTree tree, String serverId, boolean binaryAsB64, long maxObjSize) {
        this.tree = tree;
        this.serverId = serverId;
        this.binaryAsB64 = binaryAsB64;
        this.maxObjSize = maxObjSize;
        this.incoming = new LargeObjectReceiver(tree, serverId, maxObjSize);
    }

    /** Responses go here; {@code nextCmdId} numbers our commands within the message being built. */
    public interface Responses {
        String nextCmdId();

        void add(Command response);

        /** Responses that collect in a list, their CmdIDs given when the message is built ("0" meanwhile). */
        static Responses into(List<Command> list) {
            return new Responses() {
                @Override
                public String nextCmdId() {
                    return "0";
                }

                @Override
                public void add(Command response) {
                    list.add(response);
                }
            };
        }
    }

    /** Runs one command of the server's message {@code msgId}, adding its Status (and Results) to {@code out}. */
    public void process(Command c, String msgId, Responses out) {
        if (incoming.pending() && !incoming.continuedBy(c)) {
            // §2.7: another command before the last chunk: tell the server, and drop what was buffered.
            String target = incoming.drop("ended without its last chunk");
            out.add(new Alert(out.nextCmdId(), false, null, AlertCode.NO_END_OF_DATA.code(), null,
                    List.of(new Item(Location.of(target), null, null, null, false))));
        }
        if (c instanceof ItemCommand ic) {
            itemCommand(ic, msgId, out);
        } else if (c instanceof Atomic a) {
            atomic(a, msgId, out);
        } else if (c instanceof Sequence s) {
            sequence(s, msgId, out);
        } else if (c instanceof Alert a) {
            alert(a, msgId, out);
        } else {
            // Status and Results are the session's business, never commands for the tree.
            respond(out, c, msgId, List.of(), StatusCode.COMMAND_NOT_ALLOWED.code());
        }
    }

    /** Whether a large object was left waiting for its next chunk. */
    public boolean awaitingChunk() {
        return incoming.pending();
    }

    /** The session is over: a large object still waiting for chunks is dropped. */
    public void abandon() {
        if (incoming.pending()) {
            incoming.drop("dropped: the session ended before its last chunk");
        }
    }

    // ---- item commands ----

    private void itemCommand(ItemCommand c, String msgId, Responses out) {
        List<TreeResult.Value> values = new ArrayList<>();
        for (Item item : c.items()) {
            Item effective = withCommandMeta(item, c.meta());
            int status = item(c.verb(), c.correlator(), effective, values);
            if (!c.noResp()) {
                String ref = item.target() != null ? item.target().locUri() : null;
                String src = c.verb() == Verb.COPY && item.source() != null ? item.source().locUri() : null;
                respond(out, c, msgId, ref == null ? List.of() : List.of(ref), status, src);
            }
        }
        if (c.items().isEmpty() && !c.noResp()) {
            respond(out, c, msgId, List.of(), StatusCode.INCOMPLETE_COMMAND.code());
        }
        if (c.verb() == Verb.GET && !values.isEmpty() && !c.noResp()) {
            out.add(new Results(out.nextCmdId(), msgId, c.cmdId(), null, null, null,
                    values.stream().map(this::resultItem).toList()));
        }
    }

    /** The command's Meta applies to each Item, field by field, where the Item says nothing itself. */
    private static Item withCommandMeta(Item item, Meta commandMeta) {
        if (commandMeta == null) {
            return item;
        }
        if (item.meta() == null) {
            return item.withMeta(commandMeta);
        }
        Meta m = item.meta();
        return item.withMeta(new Meta(m.format() != null ? m.format() : commandMeta.format(),
                m.type() != null ? m.type() : commandMeta.type(), m.mark(), m.size() != null ? m.size()
                : commandMeta.size(), m.version(), m.nextNonce(), m.maxMsgSize(), m.maxObjSize()));
    }

    /** One item of a command: its status code; a Get's values go to {@code values}. */
    private int item(Verb verb, String correlator, Item item, List<TreeResult.Value> values) {
        if (item.target() == null) {
            return StatusCode.INCOMPLETE_COMMAND.code();
        }
        Optional<TreeUri> target = TreeUri.parse(item.target().locUri());
        if (target.isEmpty()) {
            return item.target().locUri().length() > NodePath.MAX_TOTAL_LENGTH
                    ? StatusCode.URI_TOO_LONG.code()
                    : StatusCode.NOT_FOUND.code();
        }
        Meta meta = item.meta() == null ? Meta.EMPTY : item.meta();
        if (Meta.TNDS_TYPE.equals(meta.type()) || item.data() instanceof Data.Tnds) {
            return StatusCode.UNSUPPORTED_MEDIA_TYPE.code(); // TNDS Add is not supported (spec notes §2.2: 415)
        }
        byte[] raw = item.data() == null ? new byte[0] : item.data().bytes();
        if (item.moreData() || incoming.isLastChunk(verb, item)) {
            LargeObjectReceiver.Chunk chunk = incoming.take(verb, target.get(), item, meta, raw);
            if (chunk.streamed() != null) {
                log(verb, item, chunk.streamed());
                return chunk.streamed().status();
            }
            if (chunk.whole() == null) {
                return chunk.status();
            }
            raw = chunk.whole();
        } else if (meta.size() != null && meta.size() > maxObjSize) {
            return StatusCode.REQUEST_ENTITY_TOO_LARGE.code();
        }
        String format = meta.format();
        byte[] value;
        try {
            value = "b64".equals(format) ? Base64.getMimeDecoder().decode(raw) : raw;
        } catch (IllegalArgumentException e) {
            return StatusCode.BAD_REQUEST.code();
        }
        if ("b64".equals(format)) {
            format = "bin"; // §5.5: b64 on the wire, bin in the tree
        }
        TreeResult r = switch (verb) {
            case ADD -> tree.add(target.get(), format, meta.type(), value, serverId);
            case REPLACE -> tree.replace(target.get(), format, meta.type(), value, serverId);
            case DELETE -> tree.delete(target.get(), serverId);
            case GET -> tree.get(target.get(), serverId);
            case EXEC -> tree.exec(target.get(), value, correlator, serverId);
            case COPY -> copy(target.get(), item);
        };
        log(verb, item, r);
        values.addAll(r.values());
        return r.status();
    }

    private void log(Verb verb, Item item, TreeResult r) {
        if (!r.succeeded() && r.reason() != null) {
            LOG.info(verb.elementName() + " " + item.target().locUri() + " for " + serverId + ": " + r.status() + " "
                    + r.reason());
        }
    }

    private TreeResult copy(TreeUri target, Item item) {
        Optional<TreeUri> source = item.source() == null ? Optional.empty() : TreeUri.parse(item.source().locUri());
        return source.isEmpty()
                ? TreeResult.of(StatusCode.INCOMPLETE_COMMAND, "Copy without a Source")
                : tree.copy(target, source.get(), serverId);
    }

    // ---- Atomic and Sequence ----

    private void atomic(Atomic a, String msgId, Responses out) {
        int mark = tree.mark();
        List<Command> inner = new ArrayList<>();
        Responses buffer = buffer(out, inner);
        List<Integer> codes = new ArrayList<>();
        List<Boolean> served = new ArrayList<>();
        boolean failed = false;
        for (Command c : a.commands()) {
            if (failed) {
                codes.add(StatusCode.NOT_EXECUTED.code());
                served.add(false);
                respond(buffer, c, msgId, List.of(), StatusCode.NOT_EXECUTED.code());
                continue;
            }
            int before = inner.size();
            if (c instanceof Atomic || (c instanceof ItemCommand ic && ic.verb() == Verb.GET)) {
                // §2.2: Get and nested Atomic are not allowed inside Atomic
                respond(buffer, c, msgId, List.of(), StatusCode.COMMAND_FAILED.code());
            } else {
                process(c, msgId, buffer);
            }
            int worst = worstStatus(inner.subList(before, inner.size()));
            codes.add(worst);
            served.add(touchesServedNodes(c));
            failed = !StatusCode.isSuccess(worst);
        }
        if (failed) {
            tree.rollbackTo(mark);
        }
        if (!a.noResp()) {
            respond(out, a, msgId, List.of(),
                    failed ? StatusCode.ATOMIC_FAILED.code() : StatusCode.OK.code());
        }
        for (Command r : inner) {
            if (failed && r instanceof Status s && StatusCode.isSuccess(s.code())
                    && s.code() != StatusCode.NOT_EXECUTED.code()) {
                boolean couldNotUndo = isServedTarget(s);
                r = new Status(s.cmdId(), s.msgRef(), s.cmdRef(), s.cmd(), s.targetRefs(), s.sourceRefs(), null,
                        null, couldNotUndo ? StatusCode.ATOMIC_ROLLBACK_FAILED.code()
                        : StatusCode.ATOMIC_ROLLBACK_OK.code(), List.of());
            }
            out.add(r);
        }
    }

    private void sequence(Sequence seq, String msgId, Responses out) {
        if (!seq.noResp()) {
            respond(out, seq, msgId, List.of(), StatusCode.OK.code());
        }
        boolean failed = false;
        for (Command c : seq.commands()) {
            if (failed) {
                respond(out, c, msgId, List.of(), StatusCode.NOT_EXECUTED.code());
                continue;
            }
            List<Command> inner = new ArrayList<>();
            process(c, msgId, buffer(out, inner));
            inner.forEach(out::add);
            failed = !StatusCode.isSuccess(worstStatus(inner));
        }
    }

    private boolean touchesServedNodes(Command c) {
        return c instanceof ItemCommand ic && ic.items().stream().anyMatch(i -> i.target() != null
                && TreeUri.parse(i.target().locUri()).map(u -> tree.isServed(u.path())).orElse(false));
    }

    private boolean isServedTarget(Status s) {
        return s.targetRefs().stream().anyMatch(ref -> TreeUri.parse(ref).map(u -> tree.isServed(u.path()))
                .orElse(false));
    }

    private static int worstStatus(List<Command> responses) {
        int worst = StatusCode.OK.code();
        for (Command r : responses) {
            if (r instanceof Status s && !StatusCode.isSuccess(s.code())) {
                return s.code();
            }
        }
        return worst;
    }

    private static Responses buffer(Responses out, List<Command> into) {
        return new Responses() {
            @Override
            public String nextCmdId() {
                return out.nextCmdId();
            }

            @Override
            public void add(Command response) {
                into.add(response);
            }
        };
    }

    // ---- alerts ----

    private void alert(Alert a, String msgId, Responses out) {
        int code;
        if (a.code() == AlertCode.DISPLAY.code()) {
            LOG.info("DM server " + serverId + " display alert: " + (a.items().size() > 1
                    && a.items().get(1).data() != null ? a.items().get(1).data().asText() : ""));
            code = StatusCode.OK.code();
        } else if (AlertCode.of(a.code()).map(AlertCode::isUserInteraction).orElse(false)) {
            code = StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED.code(); // a gateway has no user to ask
        } else {
            code = StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED.code();
        }
        if (!a.noResp()) {
            respond(out, a, msgId, List.of(), code);
        }
    }

    // ---- values ----

    private Item resultItem(TreeResult.Value v) {
        Data data;
        String format = v.format();
        if (v.tnds() != null) {
            data = new Data.Tnds(v.tnds());
        } else if (v.bytes() == null) {
            data = null;
        } else if ("bin".equals(format)) {
            if (binaryAsB64) {
                data = Data.text(Base64.getEncoder().encodeToString(v.bytes()));
                format = "b64";
            } else {
                data = Data.opaque(v.bytes());
            }
        } else {
            data = Data.text(new String(v.bytes(), StandardCharsets.UTF_8));
        }
        Meta meta = Meta.format(format);
        if (v.type() != null) {
            meta = meta.withType(v.type());
        }
        return new Item(null, Location.of(v.uri()), meta, data, false);
    }

    private static void respond(Responses out, Command c, String msgId, List<String> targetRefs, int code) {
        respond(out, c, msgId, targetRefs, code, null);
    }

    private static void respond(Responses out, Command c, String msgId, List<String> targetRefs, int code,
            String sourceRef) {
        out.add(new Status(out.nextCmdId(), msgId, c.cmdId(), c.name(), targetRefs,
                sourceRef == null ? List.of() : List.of(sourceRef), null, null, code, List.of()));
    }

}
