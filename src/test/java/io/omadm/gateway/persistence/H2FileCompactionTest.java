package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's H2 file after a burst of commits, on a real file: given back once the burst is over when the
 * compaction runs, still at its peak when it does not (what H2 alone does with WRITE_DELAY=0), and no committed row
 * lost by a compaction that runs while another thread commits. H2 keeps replaced chunks 45 s; these files keep them
 * 1 s so the test need not wait that long.
 */
class H2FileCompactionTest {

    private static final Duration OFTEN = Duration.ofMillis(200);
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dataDir;

    @Test
    void aFileGrownByABurstIsGivenBackWhileCommitsGoOnAndNothingIsLost() throws Exception {
        Path compacted = dataDir.resolve("compacted");
        Path left = dataDir.resolve("left");
        AtomicInteger committed = new AtomicInteger();
        long peak;
        long leftPeak;
        try (Database db = H2Burst.open(compacted, OFTEN); Database control = H2Burst.open(left, NEVER)) {
            leftPeak = H2Burst.burst(control, left);
            peak = H2Burst.burst(db, compacted);
            assertTrue(peak > 20L << 20 && leftPeak > 20L << 20,
                    "a burst of commits grows the file: " + (peak >> 20) + " MB, " + (leftPeak >> 20) + " MB");
            assertEquals(leftPeak, control.fileSize().orElseThrow(), "the size the metrics show");
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> commitUntilStopped(db, writing, committed));
            writer.start();
            long size = waitForSize(compacted, peak / 4, Duration.ofSeconds(20));
            writing.set(false);
            writer.join();
            assertTrue(size <= peak / 4, "compacted from " + (peak >> 20) + " MB to " + (size >> 20) + " MB");
            assertTrue(committed.get() > 0, "commits went on during the compaction");
            assertTrue(H2Burst.fileSize(left) >= leftPeak, "without compaction the file keeps its size: "
                    + (H2Burst.fileSize(left) >> 20) + " MB of " + (leftPeak >> 20) + " MB");
        }
        try (Database reopened = H2Burst.open(compacted, NEVER)) {
            H2Burst.assertKeptRowsIntact(reopened);
            assertEquals(committed.get(), H2Burst.count(reopened, "SELECT COUNT(*) FROM during"),
                    "every row committed during the compaction is there after a restart");
        }
    }

    private static void commitUntilStopped(Database db, AtomicBoolean writing, AtomicInteger committed) {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO during (v) VALUES (?)")) {
            while (writing.get()) {
                insert.setBytes(1, new byte[200]);
                insert.executeUpdate();
                committed.incrementAndGet();
                Thread.sleep(5); // a plant's pace, not a burst: at full speed the commits themselves fill the file
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long waitForSize(Path dir, long atMost, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long size = H2Burst.fileSize(dir);
        while (size > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
            size = H2Burst.fileSize(dir);
        }
        return size;
    }
}
