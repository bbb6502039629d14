package io.omadm.gateway.audit;

import io.omadm.gateway.persistence.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The audit trail in the {@code audit_event} table (Flyway V14), each event also a log line of the
 * {@code io.omadm.gateway.audit} logger (for a site's log collector). Events older than the retention are deleted
 * every {@value #PRUNE_EVERY} events and when asked.
 */
public final class JdbcAuditTrail implements AuditTrail {

    private static final Logger LOG = Logger.getLogger("io.omadm.gateway.audit");
    static final int PRUNE_EVERY = 1000;

    private final DataSource db;
    private final Duration retention;
    private final Clock clock;
    private final AtomicLong recorded = new AtomicLong();

    public JdbcAuditTrail(DataSource db, Duration retention, Clock clock) {
        this.db = db;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void record(AuditEvent e) {
        AuditEvent fitted = AuditEvent.of(e.at(), cut(e.actor(), 255), cut(e.source(), 255), cut(e.action(), 16),
                cut(e.target(), 1024), e.outcome());
        LOG.info(fitted.actor() + " from " + fitted.source() + ": " + fitted.action() + " " + fitted.target() + " -> "
                + fitted.outcome());
        try {
            Sql.transaction(db, "record an audit event", c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (at, actor, source, action,"
                        + " target, outcome) VALUES (?, ?, ?, ?, ?, ?)")) {
                    Sql.bind(ps, fitted.at(), fitted.actor(), fitted.source(), fitted.action(), fitted.target(),
                            fitted.outcome());
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException failed) {
            // the change itself is done: the log line above is its record
            LOG.log(Level.SEVERE, "audit event not stored: " + failed.getMessage());
        }
        if (recorded.incrementAndGet() % PRUNE_EVERY == 0) {
            prune(clock.millis() - retention.toMillis());
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    @Override
    public Page find(AuditQuery q, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (q.actor() != null) {
            where.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            where.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.target() != null) {
            where.append(" AND target LIKE ? ESCAPE '!'");
            args.add(q.target().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (q.from() != null) {
            where.append(" AND at >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            where.append(" AND at < ?");
            args.add(q.to());
        }
        return Sql.transaction(db, "read the audit trail", c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_event" + where)) {
                Sql.bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditEvent> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, source, action, target, outcome"
                    + " FROM audit_event" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
                List<Object> all = new ArrayList<>(args);
                all.add(limit);
                all.add(offset);
                Sql.bind(ps, all.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new AuditEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7)));
                    }
                }
            }
            return new Page(items, total, offset, limit);
        });
    }

    @Override
    public int prune(long before) {
        return Sql.transaction(db, "prune the audit trail", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_event WHERE at < ?")) {
                Sql.bind(ps, before);
                return ps.executeUpdate();
            }
        });
    }
}
