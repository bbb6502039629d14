package io.omadm.gateway.fanout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A fanout job's devices and answers as the database keeps them: many to a row (DESIGN §3.5). A row per device,
 * inserted at the start and rewritten at its answer, was a sixth of a 10,000-device fanout's time: H2 copies the
 * pages on a row's path at every write, and starting the job wrote 10,000 rows before the first device was commanded.
 * A row holds up to {@link #ROW_DEVICES} devices or answers, and up to {@link #ROW_BYTES} bytes unless a single
 * answer is larger.
 */
final class Packed {

    static final int ROW_DEVICES = 1000;
    static final int ROW_BYTES = 256 * 1024;

    /** A device's stored answer: its place in the job, DM status, when it was stored, and its data (or null). */
    record Answer(int seq, int status, long at, byte[] data) {
        String text() {
            return data == null ? null : new String(data, StandardCharsets.UTF_8);
        }
    }

    private Packed() {
    }

    /** Target rows for devices given as [devId, connKey], in job order. */
    static List<byte[]> targets(List<String[]> devices) {
        Rows rows = new Rows();
        for (String[] d : devices) {
            rows.next(d[0].length() * 3 + d[1].length() * 3 + 4, out -> {
                out.writeUTF(d[0]);
                out.writeUTF(d[1]);
            });
        }
        return rows.done();
    }

    /** Appends the [devId, connKey] pairs of a target row, in order. */
    static void readTargets(byte[] row, List<String[]> into) {
        read(row, in -> into.add(new String[] {in.readUTF(), in.readUTF()}));
    }

    /** Answer rows for these answers. */
    static List<byte[]> answers(List<Answer> answers) {
        Rows rows = new Rows();
        for (Answer a : answers) {
            rows.next(20 + (a.data() == null ? 0 : a.data().length), out -> {
                out.writeInt(a.seq());
                out.writeInt(a.status());
                out.writeLong(a.at());
                out.writeInt(a.data() == null ? -1 : a.data().length);
                if (a.data() != null) {
                    out.write(a.data());
                }
            });
        }
        return rows.done();
    }

    /** The answers of a row from devices {@code from} to {@code to - 1}; the others' data is skipped, not copied. */
    static void readAnswers(byte[] row, int from, int to, Consumer<Answer> each) {
        read(row, in -> {
            int seq = in.readInt();
            int status = in.readInt();
            long at = in.readLong();
            int length = in.readInt();
            if (seq < from || seq >= to) {
                in.skipNBytes(Math.max(0, length));
                return;
            }
            byte[] data = length < 0 ? null : new byte[length];
            if (data != null) {
                in.readFully(data); // a row cut short fails here rather than giving short data
            }
            each.accept(new Answer(seq, status, at, data));
        });
    }

    private interface Item {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader {
        void read(DataInputStream in) throws IOException;
    }

    /** How many devices or answers a row holds: its first four bytes. */
    static int count(byte[] row) {
        return (row[0] & 0xff) << 24 | (row[1] & 0xff) << 16 | (row[2] & 0xff) << 8 | row[3] & 0xff;
    }

    /** Each row: a count, then that many items. */
    private static void read(byte[] row, Reader item) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                item.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a stored fanout row is damaged", e);
        }
    }

    /** Items cut into rows by count and size. */
    private static final class Rows {
        private final List<byte[]> rows = new ArrayList<>();
        private ByteArrayOutputStream bytes;
        private DataOutputStream out;
        private int items;
        private int size;

        /** @param sizeAtMost an upper bound of the item's size, to cut the row before it */
        void next(int sizeAtMost, Item item) {
            if (out != null && (items == ROW_DEVICES || size + sizeAtMost > ROW_BYTES)) {
                cut();
            }
            if (out == null) {
                bytes = new ByteArrayOutputStream(Math.min(ROW_BYTES, 4096));
                out = new DataOutputStream(bytes);
                items = 0;
                size = 4;
            }
            try {
                item.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not thrown by an in-memory stream
            }
            items++;
            size += sizeAtMost;
        }

        List<byte[]> done() {
            if (out != null) {
                cut();
            }
            return rows;
        }

        private void cut() {
            byte[] body = bytes.toByteArray();
            byte[] row = new byte[body.length + 4];
            row[0] = (byte) (items >>> 24);
            row[1] = (byte) (items >>> 16);
            row[2] = (byte) (items >>> 8);
            row[3] = (byte) items;
            System.arraycopy(body, 0, row, 4, body.length);
            rows.add(row);
            out = null;
        }
    }
}
