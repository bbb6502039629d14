package io.omadm.gateway.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fanout tables as rows to read and write on a caller's connection: jobs, their packed devices and answers
 * ({@link Packed}), and the failed tries of devices a retry policy tries again.
 */
final class FanoutRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB_COLUMNS = "j.job_id, j.spec, j.status, j.correlator, j.server_id, j.total,"
            + " j.answered, j.created, j.started, j.deadline, j.finished";

    private FanoutRows() {
    }

    static List<FanoutJob> jobs(Connection c, String where, Object... args) throws SQLException {
        List<FanoutJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM fanout_job j " + where)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FanoutJob(rs.getString(1), spec(rs.getBytes(2)),
                            JobStatus.parse(rs.getString(3)).orElseThrow(), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), rs.getLong(8), nullable(rs, 9), nullable(rs, 10),
                            nullable(rs, 11)));
                }
            }
        }
        return out;
    }

    static Optional<FanoutJob> job(Connection c, String id) throws SQLException {
        List<FanoutJob> jobs = jobs(c, "WHERE j.job_id = ?", id);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    /** Devices {@code from} to {@code to - 1} of a job as [devId, connKey]; rows wholly outside are not decoded. */
    static List<String[]> targets(Connection c, String id, int from, int to) throws SQLException {
        List<String[]> targets = new ArrayList<>();
        int[] first = {0}; // the seq of the row's first device
        rows(c, "SELECT devices FROM fanout_target WHERE job_id = ? ORDER BY chunk", id, row -> {
            int start = first[0];
            int n = Packed.count(row);
            first[0] += n;
            if (start + n <= from || start >= to) {
                return;
            }
            List<String[]> devices = new ArrayList<>(n);
            Packed.readTargets(row, devices);
            targets.addAll(devices.subList(Math.max(0, from - start), Math.min(n, to - start)));
        });
        return targets;
    }

    /** The stored answers of a job's devices {@code from} to {@code to - 1}, in the order written. */
    static void answers(Connection c, String id, int from, int to, Consumer<Packed.Answer> each) throws SQLException {
        rows(c, "SELECT answers FROM fanout_answer WHERE job_id = ? ORDER BY batch", id,
                row -> Packed.readAnswers(row, from, to, each));
    }

    /** Stores answers of a job as new packed rows after its last. */
    static void insertAnswers(Connection c, String id, List<Packed.Answer> answers) throws SQLException {
        long batch;
        try (PreparedStatement last = c.prepareStatement("SELECT MAX(batch) FROM fanout_answer WHERE job_id = ?")) {
            last.setString(1, id);
            try (ResultSet rs = last.executeQuery()) {
                rs.next();
                batch = rs.getLong(1) + 1; // NULL (no row yet) reads as 0: the first is 1
            }
        }
        try (PreparedStatement row = c.prepareStatement("INSERT INTO fanout_answer (job_id, batch, answers)"
                + " VALUES (?, ?, ?)")) {
            for (byte[] packed : Packed.answers(answers)) {
                Sql.bind(row, id, batch++, packed);
                row.addBatch();
            }
            row.executeBatch();
        }
    }

    /** The failed tries of a job's devices {@code from} to {@code to - 1} that have any, by seq. */
    static Map<Integer, Integer> failures(Connection c, String id, int from, int to) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, failures FROM fanout_attempt WHERE job_id = ?"
                + " AND seq >= ? AND seq < ?")) {
            Sql.bind(ps, id, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Sets a device's count of failed tries (one writer per device: a running task). */
    static void failed(Connection c, String id, int seq, int failures) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE fanout_attempt SET failures = ? WHERE job_id = ?"
                + " AND seq = ?")) {
            Sql.bind(update, failures, id, seq);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO fanout_attempt (job_id, seq, failures)"
                + " VALUES (?, ?, ?)")) {
            Sql.bind(insert, id, seq, failures);
            insert.executeUpdate();
        }
    }

    /** The packed rows of a job, in order. */
    private static void rows(Connection c, String sql, String id, Consumer<byte[]> each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getBytes(1));
                }
            }
        }
    }

    private static Long nullable(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static byte[] json(FanoutSpec spec) {
        try {
            return JSON.writeValueAsBytes(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fanout spec not writable as JSON", e);
        }
    }

    private static FanoutSpec spec(byte[] json) {
        try {
            return JSON.readValue(json, FanoutSpec.class);
        } catch (IOException e) {
            throw new StoreException("a stored fanout spec is not readable: " + e.getMessage(), e);
        }
    }
}
