package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.StatusCode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The large object a server sends a session, chunk by chunk across messages (spec notes §2.7): assembled in memory
 * up to the gateway's MaxObjSize, or handed to the target leaf as it arrives when the leaf takes it that way (an
 * image); 213 for each chunk, the command's own status with the last one, 424 when the size is not what Meta Size
 * said, 413 when it is too large.
 */
final class LargeObjectReceiver {

    private static final Logger LOG = Logger.getLogger(LargeObjectReceiver.class.getName());

    private final DmTree tree;
    private final String serverId;
    private final long maxObjSize;
    private LargeObject pending;

    /**
     * A large object whose chunks are arriving (spec notes §2.7): assembled in {@code bytes}, or, when its leaf takes
     * values as they arrive, handed chunk by chunk to {@code sink} ({@code bytes} then holds b64 text not yet decoded).
     */
    private static final class LargeObject {
        final String verb;
        final String target;
        final Long declaredSize;
        final ValueSink sink;
        final boolean b64;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long received;

        LargeObject(String verb, String target, Long declaredSize, ValueSink sink, boolean b64) {
            this.verb = verb;
            this.target = target;
            this.declaredSize = declaredSize;
            this.sink = sink;
            this.b64 = b64;
        }

        void abort() {
            if (sink != null) {
                sink.abort();
            }
        }
    }

    LargeObjectReceiver(DmTree tree, String serverId, long maxObjSize) {
        this.tree = tree;
        this.serverId = serverId;
        this.maxObjSize = maxObjSize;
    }

    /** Whether a large object is waiting for its next chunk. */
    boolean pending() {
        return pending != null;
    }

    /** Drops the large object waiting for its next chunk, with a log line saying why; returns its target. */
    String drop(String why) {
        LOG.warning("large object for " + pending.target + " " + why);
        String target = pending.target;
        pending.abort();
        pending = null;
        return target;
    }

    /**
     * A chunk's outcome: the whole value once complete (or, for a value taken as it arrives, the result of the
     * Replace), else the status for this chunk (213, 400, 413, 424).
     */
    record Chunk(int status, byte[] whole, TreeResult streamed) {
        static Chunk status(StatusCode code) {
            return new Chunk(code.code(), null, null);
        }
    }

    boolean isLastChunk(Verb verb, Item item) {
        return pending != null && pending.verb.equals(verb.elementName())
                && pending.target.equals(item.target().locUri());
    }

    /** Whether a command is the next chunk of the large object arriving. */
    boolean continuedBy(Command c) {
        return c instanceof ItemCommand ic && ic.items().size() == 1 && ic.items().get(0).target() != null
                && pending.verb.equals(ic.verb().elementName())
                && pending.target.equals(ic.items().get(0).target().locUri());
    }

    /**
     * Takes a chunk of wire data: buffered until the object is whole (b64 text is decoded only then), or, when the
     * target leaf takes its value as it arrives, decoded and handed over at once.
     */
    Chunk take(Verb verb, TreeUri target, Item item, Meta meta, byte[] raw) {
        if (pending == null) {
            ValueSink sink = verb == Verb.REPLACE ? tree.sink(target, "b64".equals(meta.format()) ? "bin"
                    : meta.format(), meta.size(), serverId).orElse(null) : null;
            if (sink == null && meta.size() != null && meta.size() > maxObjSize) {
                return Chunk.status(StatusCode.REQUEST_ENTITY_TOO_LARGE);
            }
            pending = new LargeObject(verb.elementName(), item.target().locUri(), meta.size(), sink,
                    "b64".equals(meta.format()));
        }
        pending.received += raw.length;
        if (pending.sink != null) {
            Optional<TreeResult> refused = feed(pending, raw, !item.moreData());
            if (refused.isPresent()) {
                pending = null;
                return new Chunk(refused.get().status(), null, refused.get());
            }
        } else {
            pending.bytes.writeBytes(raw);
            if (pending.bytes.size() > maxObjSize) {
                pending = null;
                return Chunk.status(StatusCode.REQUEST_ENTITY_TOO_LARGE);
            }
        }
        if (item.moreData()) {
            return Chunk.status(StatusCode.CHUNKED_ITEM_ACCEPTED);
        }
        LargeObject done = pending;
        pending = null;
        if (done.declaredSize != null && done.declaredSize != done.received) {
            LOG.warning("large object for " + done.target + ": " + done.received + " bytes, Meta Size said "
                    + done.declaredSize);
            done.abort();
            return Chunk.status(StatusCode.SIZE_MISMATCH);
        }
        if (done.sink != null) {
            TreeResult r = done.sink.complete();
            return new Chunk(r.status(), null, r);
        }
        return new Chunk(StatusCode.OK.code(), done.bytes.toByteArray(), null);
    }

    /** Hands a chunk to a sink, decoding b64 four characters at a time (a chunk may end inside a group). */
    private static Optional<TreeResult> feed(LargeObject lo, byte[] raw, boolean last) {
        byte[] bytes = raw;
        if (lo.b64) {
            for (byte b : raw) {
                if (!Character.isWhitespace(b)) {
                    lo.bytes.write(b);
                }
            }
            byte[] text = lo.bytes.toByteArray();
            int whole = last ? text.length : text.length - text.length % 4;
            lo.bytes.reset();
            lo.bytes.write(text, whole, text.length - whole);
            try {
                bytes = Base64.getDecoder().decode(Arrays.copyOf(text, whole));
            } catch (IllegalArgumentException e) {
                lo.sink.abort();
                return Optional.of(TreeResult.of(StatusCode.BAD_REQUEST, "the large object is not b64: "
                        + e.getMessage()));
            }
        }
        return bytes.length == 0 ? Optional.empty() : lo.sink.append(bytes);
    }
}
