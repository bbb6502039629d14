package io.omadm.gateway.northbound;

import io.omadm.gateway.persistence.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The alert queue in the {@code generic_alert} tables: an alert and its items go in one transaction. */
public final class JdbcAlertQueue implements AlertQueue, AlertWriter {

    private final DataSource db;

    public JdbcAlertQueue(DataSource db) {
        this.db = db;
    }

    @Override
    public long enqueue(GenericAlert alert) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = insert(c, alert);
                c.commit();
                return id;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot queue a Generic Alert: " + e.getMessage(), e);
        }
    }

    @Override
    public long insert(Connection c, GenericAlert alert) throws SQLException {
        try (PreparedStatement a = c.prepareStatement("INSERT INTO generic_alert (correlator, attempts,"
                + " not_before, created) VALUES (?, 0, 0, ?)", Statement.RETURN_GENERATED_KEYS);
                PreparedStatement i = c.prepareStatement("INSERT INTO generic_alert_item (alert_id, seq,"
                        + " source_uri, alert_type, format, mark, data) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            a.setString(1, alert.correlator());
            a.setLong(2, System.currentTimeMillis());
            a.executeUpdate();
            long id;
            try (ResultSet keys = a.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            int seq = 0;
            for (GenericAlert.Entry e : alert.items()) {
                i.setLong(1, id);
                i.setInt(2, seq++);
                i.setString(3, e.sourceUri());
                i.setString(4, e.type());
                i.setString(5, e.format());
                i.setString(6, e.mark());
                i.setBytes(7, e.data().getBytes(StandardCharsets.UTF_8));
                i.addBatch();
            }
            i.executeBatch();
            return id;
        }
    }

    @Override
    public List<Queued> due(Instant now, int max) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, correlator, attempts FROM generic_alert"
                        + " WHERE not_before <= ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, max);
            Map<Long, Object[]> heads = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getInt(3)});
                }
            }
            List<Queued> out = new ArrayList<>();
            try (PreparedStatement items = c.prepareStatement("SELECT source_uri, alert_type, format, mark, data"
                    + " FROM generic_alert_item WHERE alert_id = ? ORDER BY seq")) {
                for (Map.Entry<Long, Object[]> h : heads.entrySet()) {
                    items.setLong(1, h.getKey());
                    List<GenericAlert.Entry> entries = new ArrayList<>();
                    try (ResultSet rs = items.executeQuery()) {
                        while (rs.next()) {
                            entries.add(new GenericAlert.Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), new String(rs.getBytes(5), StandardCharsets.UTF_8)));
                        }
                    }
                    out.add(new Queued(h.getKey(), new GenericAlert((String) h.getValue()[0], entries),
                            (Integer) h.getValue()[1]));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the alert queue: " + e.getMessage(), e);
        }
    }

    @Override
    public void acknowledge(List<Long> ids) {
        update("DELETE FROM generic_alert WHERE id = ?", ids, null);
    }

    @Override
    public void retryLater(List<Long> ids, Instant now) {
        update("UPDATE generic_alert SET attempts = attempts + 1, not_before = ? WHERE id = ?", ids, now);
    }

    private void update(String sql, List<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql);
                    PreparedStatement attempts = c.prepareStatement(
                            "SELECT attempts FROM generic_alert WHERE id = ?")) {
                for (long id : ids) {
                    if (now == null) {
                        ps.setLong(1, id);
                    } else {
                        attempts.setLong(1, id);
                        int n;
                        try (ResultSet rs = attempts.executeQuery()) {
                            if (!rs.next()) {
                                continue;
                            }
                            n = rs.getInt(1);
                        }
                        ps.setLong(1, AlertQueue.backoff(now, n + 1).toEpochMilli());
                        ps.setLong(2, id);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot update the alert queue: " + e.getMessage(), e);
        }
    }

    @Override
    public int size() {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM generic_alert");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count the alert queue: " + e.getMessage(), e);
        }
    }
}
