package io.omadm.gateway.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Gives back the disk space an H2 file grew to during a burst of commits. With WRITE_DELAY=0 (each commit written
 * before it returns, see {@link Database#h2Url}) H2 runs no background writer, and so none of its own housekeeping:
 * every commit appends a chunk, a chunk replaced by later ones may only be overwritten once it is 45 s old (H2's
 * retention time, which keeps an older consistent version on disk should the newest not reach it), and nothing ever
 * shrinks the file. Measured: 3 GB after a minute of 3,000 commits a second over 5 MB of rows, still 3 GB when idle
 * (dead chunks are only dropped by a commit). This does what H2's housekeeping would, on a thread of its own: rewrite
 * sparse chunks, then move chunks to the front so the file can be cut. H2 syncs the file before it overwrites or cuts
 * anything, so a crash during a pass leaves the database as it was.
 */
final class H2FileCompaction implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(H2FileCompaction.class.getName());
    /** Below this share of live data the file is compacted: it may be twice what it holds, but not more. */
    private static final int LIVE_PERCENT = 50;
    /** At most this much is rewritten or moved a pass, so that commits wait at most a few tens of milliseconds. */
    private static final int BYTES_PER_PASS = 16 << 20;
    private static final long REPORTED_SHRINK_BYTES = 64L << 20;

    private final DataSource pool;
    private final ScheduledExecutorService timer;
    /** Only the pass thread touches these. */
    private long peakSize;
    private long lastSize;

    H2FileCompaction(DataSource pool, Duration every) {
        this.pool = pool;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-compaction");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::compactOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass: nothing is written unless the file is mostly dead chunks. */
    private void compactOnce() {
        try (Connection c = pool.getConnection()) {
            MVStore store = storeOf(c);
            if (store == null || store.isClosed()) {
                return;
            }
            store.compact(LIVE_PERCENT, BYTES_PER_PASS);
            if (store.getFileStore() instanceof RandomAccessStore file) {
                file.compactMoveChunks(LIVE_PERCENT, BYTES_PER_PASS, store);
                report(file.size());
            }
        } catch (SQLException | RuntimeException e) {
            // not the gateway stopping: close() waits for a pass before the pool closes. The next pass tries again.
            LOG.log(Level.WARNING, "database file compaction failed: " + e.getMessage(), e);
        }
    }

    /** The file's size now; empty for an H2 that is not an embedded file, or when no connection can be had. */
    OptionalLong fileSize() {
        try (Connection c = pool.getConnection()) {
            MVStore store = storeOf(c);
            return store == null || store.getFileStore() == null ? OptionalLong.empty()
                    : OptionalLong.of(store.getFileStore().size());
        } catch (SQLException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Once a shrink is over, an operator watching the disk sees why it was given back. */
    private void report(long size) {
        if (size == lastSize && peakSize - size >= REPORTED_SHRINK_BYTES) {
            LOG.info(String.format("database file compacted from %,d MB to %,d MB", peakSize >> 20, size >> 20));
            peakSize = size;
        }
        peakSize = Math.max(peakSize, size);
        lastSize = size;
    }

    /** The store under an embedded H2 connection; null for one over TCP (that server compacts its own file). */
    private static MVStore storeOf(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Session session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
            return null;
        }
        return local.getDatabase().getStore().getMvStore();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
