package io.omadm.gateway.northbound;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the gateway owes the server, cut into messages that fit the server's MaxMsgSize (spec notes §2.7): whole
 * commands where they fit, a Results of several items spread over several Results, and a value too large for any
 * message as a large object, chunk by chunk with MoreData (Meta Size on the first chunk). Sizes are measured by
 * encoding: XML escaping can make text larger than its bytes.
 */
final class MessageFitter {

    private static final int SIZE_MARGIN = 128;

    private final SyncMLCodec codec;
    private final Encoding encoding;
    private final Supplier<SyncHdr> header;

    /** @param header the header the messages go out with (its size counts) */
    MessageFitter(SyncMLCodec codec, Encoding encoding, Supplier<SyncHdr> header) {
        this.codec = codec;
        this.encoding = encoding;
        this.header = header;
    }

    /**
     * Cuts what we owe into messages that fit the server's MaxMsgSize: whole commands where they fit, and a value too
     * large for any message as a large object, chunk by chunk with MoreData (Meta Size on the first chunk).
     */
    List<List<Command>> split(Status header, List<Command> body, long peerMaxMsgSize) {
        if (peerMaxMsgSize == Long.MAX_VALUE) {
            return List.of(body);
        }
        long budget = peerMaxMsgSize - SIZE_MARGIN;
        long base = encodedSize(withHeaderStatus(header, List.of()));
        List<List<Command>> out = new ArrayList<>();
        List<Command> current = new ArrayList<>();
        long used = base;
        for (Command c : spreadResults(body, header, budget - base)) {
            long size = encodedSize(withHeaderStatus(header, List.of(c))) - base;
            if (used + size > budget && !current.isEmpty()) {
                out.add(current);
                current = new ArrayList<>();
                used = base;
            }
            if (base + size > budget && c instanceof Results r && r.items().size() == 1
                    && r.items().get(0).data() != null) {
                out.addAll(fittingChunks(header, r, budget, base, size));
                continue;
            }
            current.add(c);
            used += size;
        }
        if (!current.isEmpty() || out.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** A Results too large for one message becomes one Results per item, each answering the same Get. */
    private List<Command> spreadResults(List<Command> body, Status header, long room) {
        List<Command> out = new ArrayList<>(body.size());
        long base = encodedSize(withHeaderStatus(header, List.of()));
        for (Command c : body) {
            if (c instanceof Results r && r.items().size() > 1
                    && encodedSize(withHeaderStatus(header, List.of(c))) - base > room) {
                for (Item item : r.items()) {
                    out.add(new Results("0", r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(),
                            List.of(item)));
                }
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** Chunks that each fit, measured by encoding them: XML escaping can make text larger than its bytes. */
    private List<List<Command>> fittingChunks(Status header, Results r, long budget, long base, long size) {
        int room = (int) Math.max(64, budget - base - size + r.items().get(0).data().bytes().length);
        while (true) {
            List<Results> chunks = chunks(r, room);
            boolean fit = chunks.stream().allMatch(c -> encodedSize(withHeaderStatus(header, List.of(c))) <= budget);
            if (fit || room <= 64) {
                return chunks.stream().map(c -> List.<Command>of(c)).toList();
            }
            room = room * 3 / 4;
        }
    }

    /** A Results' single value in chunks of at most {@code room} bytes of data each. */
    private List<Results> chunks(Results r, int room) {
        Item item = r.items().get(0);
        byte[] all = item.data().bytes();
        boolean text = item.data() instanceof Data.Text;
        String textValue = text ? item.data().asText() : null;
        List<Results> out = new ArrayList<>();
        int roomChars = Math.max(16, room / 4); // a char is at most 4 UTF-8 bytes; keeps chunks under budget
        int pos = 0;
        int end = text ? textValue.length() : all.length;
        int step = text ? (isAscii(textValue) ? room : roomChars) : room;
        while (pos < end) {
            int next = Math.min(end, pos + step);
            if (text && next < end && Character.isHighSurrogate(textValue.charAt(next - 1))) {
                next--; // never split a surrogate pair
            }
            Data piece = text ? Data.text(textValue.substring(pos, next))
                    : Data.opaque(Arrays.copyOfRange(all, pos, next));
            Meta meta = item.meta() == null ? Meta.EMPTY : item.meta();
            meta = pos == 0 ? meta.withSize((long) all.length) : meta.withSize(null);
            out.add(new Results("0", r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(),
                    List.of(new Item(item.target(), item.source(), meta, piece, next < end))));
            pos = next;
        }
        return out;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(ch -> ch < 0x80);
    }

    private long encodedSize(List<Command> commands) {
        return codec.encode(new SyncMLMessage(header.get(), new SyncBody(renumberOnly(commands), true)),
                encoding).length;
    }

    private static List<Command> renumberOnly(List<Command> commands) {
        List<Command> out = new ArrayList<>(commands.size());
        for (Command c : commands) {
            out.add(withCmdId(c, Integer.toString(out.size() + 1)));
        }
        return out;
    }

    static List<Command> withHeaderStatus(Status header, List<Command> piece) {
        if (header == null) {
            return piece;
        }
        List<Command> all = new ArrayList<>(piece.size() + 1);
        all.add(header);
        all.addAll(piece);
        return all;
    }

    static Command withCmdId(Command c, String id) {
        if (c instanceof Status s) {
            return new Status(id, s.msgRef(), s.cmdRef(), s.cmd(), s.targetRefs(), s.sourceRefs(), s.cred(),
                    s.chal(), s.code(), s.items());
        }
        if (c instanceof Results r) {
            return new Results(id, r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(),
                    r.sourceRef(), r.items());
        }
        if (c instanceof Alert a) {
            return new Alert(id, a.noResp(), a.cred(), a.code(), a.correlator(), a.items());
        }
        if (c instanceof ItemCommand ic) {
            return new ItemCommand(ic.verb(), id, ic.noResp(), ic.cred(), ic.meta(),
                    ic.correlator(), ic.items());
        }
        throw new IllegalArgumentException("the gateway never sends " + c.name());
    }
}
