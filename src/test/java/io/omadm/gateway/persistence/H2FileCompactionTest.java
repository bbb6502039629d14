package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
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

    private static final int ROWS = 3_000;
    private static final int KEPT = 100;
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
        try (Database db = open(compacted, OFTEN); Database control = open(left, NEVER)) {
            leftPeak = burst(control, left);
            peak = burst(db, compacted);
            assertTrue(peak > 20L << 20 && leftPeak > 20L << 20,
                    "a burst of commits grows the file: " + (peak >> 20) + " MB, " + (leftPeak >> 20) + " MB");
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> commitUntilStopped(db, writing, committed));
            writer.start();
            long size = waitForSize(compacted, peak / 4, Duration.ofSeconds(20));
            writing.set(false);
            writer.join();
            assertTrue(size <= peak / 4, "compacted from " + (peak >> 20) + " MB to " + (size >> 20) + " MB");
            assertTrue(committed.get() > 0, "commits went on during the compaction");
            assertTrue(fileSize(left) >= leftPeak, "without compaction the file keeps its size: "
                    + (fileSize(left) >> 20) + " MB of " + (leftPeak >> 20) + " MB");
        }
        try (Database reopened = open(compacted, NEVER)) {
            assertKeptRowsIntact(reopened);
            assertEquals(committed.get(), count(reopened, "SELECT COUNT(*) FROM during"),
                    "every row committed during the compaction is there after a restart");
        }
    }

    private static Database open(Path dir, Duration check) {
        return Database.open(Database.h2Url(dir) + ";RETENTION_TIME=1000", "sa", "", 4, check);
    }

    /** Rows written, rewritten and mostly deleted, a commit each: the file's size once it is over. */
    private static long burst(Database db, Path dir) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE burst (id INT PRIMARY KEY, v VARBINARY(2000))");
            s.execute("CREATE TABLE during (id INT AUTO_INCREMENT PRIMARY KEY, v VARBINARY(200))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO burst (id, v) VALUES (?, ?)");
                    PreparedStatement update = c.prepareStatement("UPDATE burst SET v = ? WHERE id = ?")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setBytes(2, value(i, 0));
                    insert.executeUpdate();
                }
                for (int i = 0; i < ROWS; i++) {
                    update.setBytes(1, value(i, 1));
                    update.setInt(2, i);
                    update.executeUpdate();
                }
            }
            s.execute("DELETE FROM burst WHERE id >= " + KEPT);
        }
        return fileSize(dir);
    }

    private static byte[] value(int id, int version) {
        byte[] v = new byte[1000];
        Arrays.fill(v, (byte) (id * 31 + version));
        return v;
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
        long size = fileSize(dir);
        while (size > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
            size = fileSize(dir);
        }
        return size;
    }

    private static void assertKeptRowsIntact(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v FROM burst ORDER BY id")) {
            int n = 0;
            while (rs.next()) {
                assertEquals(n, rs.getInt(1));
                assertArrayEquals(value(n, 1), rs.getBytes(2), "row " + n);
                n++;
            }
            assertEquals(KEPT, n);
        }
    }

    private static int count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long fileSize(Path dir) {
        try {
            return Files.size(dir.resolve("gateway.mv.db"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
