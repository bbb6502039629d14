package io.omadm.gateway.southbound;

import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.GroupCommit;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The commands waiting for proxy-mode devices (Flyway V7), durable from the moment they are queued: a restart
 * between the server's command and the device's next session loses nothing. A command is answered once.
 */
public final class ProxyQueue {

    private static final String COLUMNS = "id, dev_id, verb, path, data, format, correlator, status, result,"
            + " report_uri";

    private final DataSource db;
    private final GroupCommit commits;
    private final LongConsumer alertQueued;

    /** @param alertQueued told the id of each ProxyResult alert queued, once it is committed */
    public ProxyQueue(DataSource db, LongConsumer alertQueued) {
        this.db = db;
        this.commits = new GroupCommit(db);
        this.alertQueued = alertQueued;
    }

    /** The group commit storing the devices' answers (metrics: answers per commit). */
    public GroupCommit commits() {
        return commits;
    }

    /** Queues a command; its id. */
    public long enqueue(String devId, String verb, String path, byte[] data, String format, String correlator,
            long now) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO proxy_command"
                + " (dev_id, verb, path, data, format, correlator, queued) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Sql.bind(ps, devId, verb, path, data, format, correlator, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot queue a command for " + devId + ": " + e.getMessage(), e);
        }
    }

    /** A device's unanswered commands, oldest first. */
    public List<ProxyCommand> pending(String devId) {
        return query("SELECT " + COLUMNS + " FROM proxy_command WHERE dev_id = ? AND status IS NULL ORDER BY id",
                devId);
    }

    /** A device's commands, newest first. */
    public List<ProxyCommand> of(String devId, int limit) {
        return query("SELECT " + COLUMNS + " FROM proxy_command WHERE dev_id = ? ORDER BY id DESC"
                + " FETCH FIRST ? ROWS ONLY", devId, limit);
    }

    /** Unanswered commands queued before {@code cutoff}, oldest first, at most {@code limit}. */
    public List<ProxyCommand> unansweredSince(long cutoff, int limit) {
        return query("SELECT " + COLUMNS + " FROM proxy_command WHERE status IS NULL AND queued < ? ORDER BY id"
                + " FETCH FIRST ? ROWS ONLY", cutoff, limit);
    }

    /** Whether a command with this correlator was ever queued for the device (answered or not). */
    public boolean hasQueued(String devId, String correlator) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM proxy_command"
                + " WHERE dev_id = ? AND correlator = ? FETCH FIRST 1 ROWS ONLY")) {
            Sql.bind(ps, devId, correlator);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read queued commands: " + e.getMessage(), e);
        }
    }

    public Optional<ProxyCommand> find(long id) {
        List<ProxyCommand> found = query("SELECT " + COLUMNS + " FROM proxy_command WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** One command's answer ({@link #answerAll}); the command as stored now, or empty when it was answered already. */
    public Optional<ProxyCommand> answer(long id, int status, byte[] result, long now) {
        List<ProxyCommand> done = answerAll(List.of(new Answer(id, status, result)), now, c -> { });
        return done.isEmpty() ? Optional.empty() : Optional.of(done.get(0));
    }

    /** A device's answer to one command, for {@link #answerAll}. */
    public record Answer(long id, int status, byte[] result) {
    }

    /** A write of another store's that must commit with the answers (one commit, not two). */
    public interface SameTransaction {
        void write(Connection c) throws SQLException;
    }

    /**
     * The device's answers to the commands of one message, with {@code also} in the same transaction; the commands
     * they answered, as stored now. A command answered already is left as it was and not returned. A command the
     * server was answered 202 for (its report URI set) gets its ProxyResult alert queued in the same transaction: the
     * answer is stored if and only if its alert is. Durable when it returns; answers of several devices' sessions
     * arriving together share one commit ({@link GroupCommit}).
     */
    public List<ProxyCommand> answerAll(List<Answer> answers, long now, SameTransaction also) {
        Answered answered;
        try {
            answered = commits.run(c -> {
                List<Long> done = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("UPDATE proxy_command SET status = ?, result = ?,"
                        + " answered = ? WHERE id = ? AND status IS NULL")) {
                    for (Answer a : answers) {
                        Sql.bind(ps, a.status(), a.result(), now, a.id());
                        if (ps.executeUpdate() == 1) {
                            done.add(a.id());
                        }
                    }
                }
                also.write(c);
                List<ProxyCommand> stored = done.isEmpty() ? List.of() : query(c, "SELECT " + COLUMNS
                        + " FROM proxy_command WHERE id IN (" + Sql.marks(done.size()) + ") ORDER BY id",
                        done.toArray());
                List<Long> alerts = new ArrayList<>();
                for (ProxyCommand p : stored) {
                    if (p.reportUri() != null) {
                        alerts.add(JdbcAlertQueue.insert(c, ProxyRelay.alert(p)));
                    }
                }
                return new Answered(stored, alerts);
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the answers to " + answers.size() + " commands: "
                    + e.getMessage(), e);
        }
        answered.alerts().forEach(alertQueued::accept);
        return answered.commands();
    }

    /** What {@link #answerAll} stored: the commands answered, and the ProxyResult alerts queued with them. */
    private record Answered(List<ProxyCommand> commands, List<Long> alerts) {
    }

    /**
     * Deletes up to {@code limit} commands answered and queued before {@code cutoff}, oldest first; how many. Portable
     * SQL (no DELETE ... LIMIT): the ids to go are chosen by a bounded SELECT.
     */
    public int purgeAnsweredBefore(long cutoff, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM proxy_command"
                + " WHERE id IN (SELECT id FROM proxy_command WHERE status IS NOT NULL AND queued < ? ORDER BY id"
                + " FETCH FIRST ? ROWS ONLY)")) {
            Sql.bind(ps, cutoff, limit);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete old answered commands: " + e.getMessage(), e);
        }
    }

    /**
     * The server was not answered in time: the device's answer is to go to it as a ProxyResult alert naming
     * {@code uri}. False when the device answered meanwhile (the answer is then the server's at once).
     */
    public boolean reportLater(long id, String uri) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE proxy_command SET"
                + " report_uri = ? WHERE id = ? AND status IS NULL")) {
            Sql.bind(ps, uri, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot mark command " + id + " for a ProxyResult: " + e.getMessage(), e);
        }
    }

    private List<ProxyCommand> query(String sql, Object... args) {
        try (Connection c = db.getConnection()) {
            return query(c, sql, args);
        } catch (SQLException e) {
            throw new StoreException("cannot read queued commands: " + e.getMessage(), e);
        }
    }

    private static List<ProxyCommand> query(Connection c, String sql, Object... args) throws SQLException {
        List<ProxyCommand> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(8);
                    Integer status = rs.wasNull() ? null : code; // wasNull speaks of the column read last
                    out.add(new ProxyCommand(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5), rs.getString(6), rs.getString(7), status, rs.getBytes(9),
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

}
