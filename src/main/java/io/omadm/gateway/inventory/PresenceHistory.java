package io.omadm.gateway.inventory;

import io.omadm.gateway.persistence.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * When each device came and went (table {@code presence_event}, Flyway V15), for operators: the console's device page
 * and {@code GET /api/v1/devices/{d}/presence}. It takes the inventory's events as they happen and writes them in one
 * batch per {@link #flush} (every second, from the gateway's timer), so thousands of devices coming back after a
 * broker restart cost one write, not thousands, and the inventory never waits on it. A crash loses at most the last
 * second of history, never a device record. Events older than the retention are deleted by {@link #prune}.
 */
public final class PresenceHistory implements Consumer<InventoryEvent> {

    private static final Logger LOG = Logger.getLogger(PresenceHistory.class.getName());
    /** Events waiting for the next flush; beyond this many (a flush failing for long), new ones are dropped. */
    private static final int MAX_PENDING = 100_000;

    /** One change of a device's presence or record. */
    public record Entry(Instant at, String change) {
    }

    private final DataSource db;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<InventoryEvent> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private long dropped;

    public PresenceHistory(DataSource db, Duration retention, Clock clock) {
        this.db = db;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void accept(InventoryEvent e) {
        if (!pending.offer(e)) {
            synchronized (this) {
                if (dropped++ % 10_000 == 0) {
                    LOG.warning("presence history full (" + MAX_PENDING + " events not yet written): the change of "
                            + e.device().devId() + " is not kept in it");
                }
            }
        }
    }

    /** Writes the events taken since the last flush, in one transaction; the number written. */
    public synchronized int flush() {
        List<InventoryEvent> batch = new ArrayList<>();
        pending.drainTo(batch);
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            Sql.transaction(db, "write " + batch.size() + " presence events", c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO presence_event (dev_id, at, change)"
                        + " VALUES (?, ?, ?)")) {
                    for (InventoryEvent e : batch) {
                        Sql.bind(ps, e.device().devId(), e.at().toEpochMilli(), e.change().value());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (RuntimeException failed) {
            LOG.warning("presence history: " + batch.size() + " events not written (" + failed.getMessage() + ")");
            return 0;
        }
        return batch.size();
    }

    /** A device's history, newest first, at most {@code limit} entries (what is pending written first). */
    public List<Entry> of(String devId, int limit) {
        flush();
        return Sql.transaction(db, "read the presence history of " + devId, c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, change FROM presence_event WHERE dev_id = ?"
                    + " ORDER BY at DESC, id DESC LIMIT ?")) {
                Sql.bind(ps, devId, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Deletes what is older than the retention; the number deleted. */
    public int prune() {
        long before = clock.millis() - retention.toMillis();
        return Sql.transaction(db, "prune the presence history", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM presence_event WHERE at < ?")) {
                ps.setLong(1, before);
                return ps.executeUpdate();
            }
        });
    }
}
