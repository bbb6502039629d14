package io.omadm.gateway.southbound;

import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Package 2/4 of a proxy-mode session: the commands queued for a device ({@link ProxyQueue}) as the SyncML commands
 * that go out in the gateway's answer, a few per message, a large object one chunk per message, an object larger than
 * the device's MaxObjSize never (413).
 */
final class OutgoingCommands {

    private static final Logger LOG = Logger.getLogger(OutgoingCommands.class.getName());

    /** Queued commands that go out in one message at most. */
    static final int COMMANDS_PER_MESSAGE = 20;
    /** What a message needs beside a chunk: header, status, command and item markup. */
    static final int MESSAGE_OVERHEAD = 1024;

    private final ProxyQueue queue;
    private final Consumer<ProxyCommand> answered;
    private final Function<ProxyCommand, byte[]> dataOf;
    private final Clock clock;

    /**
     * @param answered told of a command ended here without being sent (as of one the device answered)
     * @param dataOf what a command carries to the device (a secret kept sealed in the queue is opened here)
     */
    OutgoingCommands(ProxyQueue queue, Consumer<ProxyCommand> answered, Function<ProxyCommand, byte[]> dataOf,
            Clock clock) {
        this.queue = queue;
        this.answered = answered;
        this.dataOf = dataOf;
        this.clock = clock;
    }

    /**
     * Package 2/4: the device's queued commands not yet sent in this session, a few per message. A command whose data
     * does not fit the device's MaxMsgSize goes as a large object, one chunk per message and alone in it.
     */
    void sendQueued(String devId, ProxySession session, List<Command> out, int[] ids) {
        Map<String, ProxyCommand> inFlight = session.inFlight;
        int room = COMMANDS_PER_MESSAGE - inFlight.size();
        if (room <= 0) {
            return;
        }
        // the last read went out whole and nothing was queued since: the queue holds nothing new for this session
        long mark = queue.queueMark(devId);
        if (session.sentAllRead && mark == session.queueMark) {
            return;
        }
        Set<Long> outAlready = new HashSet<>();
        inFlight.values().forEach(c -> outAlready.add(c.id()));
        session.incoming.values().forEach(i -> outAlready.add(i.command.id()));
        int chunkLimit = session.maxMsgSize > 0 ? (int) Math.max(256, session.maxMsgSize - MESSAGE_OVERHEAD)
                : Integer.MAX_VALUE;
        session.queueMark = mark; // taken before the read: a command queued meanwhile changes it
        session.sentAllRead = false;
        boolean whole = true;
        for (ProxyCommand pc : queue.pending(devId)) {
            if (room <= 0) {
                return;
            }
            if (outAlready.contains(pc.id())) {
                continue; // out already, its answer not yet in
            }
            if (session.maxObjSize > 0 && pc.data() != null && pc.data().length > session.maxObjSize) {
                tooLarge(devId, session, pc);
                continue;
            }
            boolean large = pc.data() != null && pc.data().length > chunkLimit;
            if (large && !inFlight.isEmpty()) {
                whole = false;
                continue; // a chunk goes alone: next message
            }
            String cmdId = Integer.toString(++ids[0]);
            if (large) {
                int offset = session.sentBytes.getOrDefault(pc.id(), 0);
                int length = chunkLength(pc, offset, chunkLimit);
                out.add(chunk(pc, cmdId, offset, length));
                session.chunks.put(cmdId, length);
                inFlight.put(cmdId, pc);
                return;
            }
            out.add(command(pc, cmdId));
            inFlight.put(cmdId, pc);
            room--;
        }
        session.sentAllRead = whole;
    }

    /** An object larger than the device's MaxObjSize is never sent: the command ends with 413, logged. */
    private void tooLarge(String devId, ProxySession session, ProxyCommand pc) {
        LOG.warning("device " + devId + " takes objects of " + session.maxObjSize + " bytes at most (its MaxObjSize):"
                + " command " + pc.id() + " (" + pc.verb() + " " + pc.path() + ", " + pc.data().length
                + " bytes) ends with 413 unsent");
        queue.answerAll(List.of(new ProxyQueue.Answer(pc.id(), StatusCode.REQUEST_ENTITY_TOO_LARGE.code(), null)),
                clock.millis(), c -> { }).forEach(answered);
    }

    /**
     * The message came out {@code excess} bytes over the device's MaxMsgSize (the Status elements beside a chunk can
     * take more than {@link #MESSAGE_OVERHEAD}): its chunk is made smaller, or else its last queued command waits for
     * the next message. Whether anything changed (nothing can when one whole command is all there is).
     */
    boolean shrink(ProxySession session, List<Command> out, int excess) {
        List<ItemCommand> sent = out.stream().filter(c -> c instanceof ItemCommand ic
                && session.inFlight.containsKey(ic.cmdId())).map(c -> (ItemCommand) c).toList();
        if (sent.isEmpty()) {
            return false;
        }
        ItemCommand last = sent.get(sent.size() - 1);
        ProxyCommand pc = session.inFlight.get(last.cmdId());
        Integer chunk = session.chunks.get(last.cmdId());
        if (chunk != null) {
            int offset = session.sentBytes.getOrDefault(pc.id(), 0);
            int length = fitting(pc, offset, chunk - excess - 16); // a few bytes more for the length markup
            if (length < 1 || length >= chunk) {
                return false;
            }
            out.set(out.indexOf(last), chunk(pc, last.cmdId(), offset, length));
            session.chunks.put(last.cmdId(), length);
            return true;
        }
        if (sent.size() < 2) {
            return false;
        }
        out.remove(last);
        session.inFlight.remove(last.cmdId());
        session.sentAllRead = false; // it waits in the queue for the next message
        return true;
    }

    /**
     * How much of the data goes in the chunk at {@code offset}: binary data loses a quarter of the room to base64 in
     * XML; text is never cut inside a UTF-8 sequence.
     */
    private static int chunkLength(ProxyCommand pc, int offset, int limit) {
        return fitting(pc, offset, "bin".equals(pc.format()) ? limit * 3 / 4 : limit);
    }

    /** At most {@code max} bytes of the data from {@code offset}, text never cut inside a UTF-8 sequence. */
    private static int fitting(ProxyCommand pc, int offset, int max) {
        byte[] d = pc.data();
        boolean binary = "bin".equals(pc.format());
        int length = Math.min(max, d.length - offset);
        if (!binary) {
            while (length > 1 && offset + length < d.length && (d[offset + length] & 0xC0) == 0x80) {
                length--; // the next byte continues a character: end the chunk before that character
            }
        }
        return length;
    }

    /** One chunk of a large object: Size on the first, MoreData on all but the last (spec notes §2.7). */
    private static Command chunk(ProxyCommand pc, String cmdId, int offset, int length) {
        ItemCommand.Verb verb = ItemCommand.Verb.valueOf(pc.verb().toUpperCase(Locale.ROOT));
        byte[] part = Arrays.copyOfRange(pc.data(), offset, offset + length);
        boolean more = offset + length < pc.data().length;
        Meta meta = Meta.format(pc.format() == null ? "chr" : pc.format());
        if (offset == 0) {
            meta = meta.withSize((long) pc.data().length);
        }
        boolean binary = "bin".equals(pc.format());
        return new ItemCommand(verb, cmdId, false, null, null, null, List.of(new Item(Location.of(pc.path()), null,
                meta, binary ? Data.opaque(part) : Data.text(new String(part, StandardCharsets.UTF_8)), more)));
    }

    /** The MaxMsgSize a device's first message names, or 0. */
    static long maxMsgSize(SyncMLMessage in) {
        Meta m = in.header().meta();
        return m == null || m.maxMsgSize() == null ? 0 : m.maxMsgSize();
    }

    /** The MaxObjSize a device's first message names, or 0. */
    static long maxObjSize(SyncMLMessage in) {
        Meta m = in.header().meta();
        return m == null || m.maxObjSize() == null ? 0 : m.maxObjSize();
    }

    private Command command(ProxyCommand pc, String cmdId) {
        ItemCommand.Verb verb = ItemCommand.Verb.valueOf(pc.verb().toUpperCase(Locale.ROOT));
        byte[] data = dataOf.apply(pc);
        if (data == null) {
            return ItemCommand.of(verb, cmdId, Item.target(pc.path()));
        }
        boolean binary = "bin".equals(pc.format());
        // Meta on the Item, not the command: both are SyncML, but the Item's is what every client reads
        return new ItemCommand(verb, cmdId, false, null, null, null, List.of(new Item(Location.of(pc.path()), null,
                Meta.format(pc.format() == null ? "chr" : pc.format()), binary ? Data.opaque(data)
                : Data.text(new String(data, StandardCharsets.UTF_8)), false)));
    }
}
