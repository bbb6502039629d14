package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads' writes through one GroupCommit on the gateway's H2 file: each is committed when its call returns,
 * with what it returned, fewer commits than writes happen under load, and a write that fails fails alone.
 */
class GroupCommitTest {

    @TempDir
    Path dataDir;

    private static int count(Database db, String where) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gc_test " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void concurrentWritesAreEachDurableOnReturnAndABadOneFailsAlone() throws Exception {
        try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 8)) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE gc_test (id INT PRIMARY KEY, seen INT NOT NULL)");
                s.execute("INSERT INTO gc_test (id, seen) VALUES (-1, -1)");
            }
            GroupCommit commits = new GroupCommit(db.dataSource());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int id = i;
                calls.add(pool.submit(() -> commits.run(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO gc_test (id, seen) VALUES (?, ?)")) {
                        ps.setInt(1, id % 1000 == 999 ? -1 : id); // every 1000th collides with row -1: it must fail
                        ps.setInt(2, id);
                        ps.executeUpdate();
                    }
                    // what the write sees of the batch's own transaction: its row is there
                    try (PreparedStatement ps = c.prepareStatement("SELECT seen FROM gc_test WHERE seen = ?")) {
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? rs.getInt(1) : -1;
                        }
                    }
                })));
            }
            int failed = 0;
            for (int i = 0; i < calls.size(); i++) {
                try {
                    assertEquals(i, calls.get(i).get(30, TimeUnit.SECONDS));
                    assertEquals(1, count(db, "WHERE seen = " + i), "committed once the call returned");
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof SQLException, e.toString());
                    assertEquals(999, i % 1000, "only the colliding writes fail");
                    failed++;
                }
            }
            pool.shutdown();
            assertEquals(2, failed);
            assertEquals(1998, count(db, "WHERE id >= 0"), "every other write is stored");
            assertEquals(2000, commits.writes());
            assertTrue(commits.transactions() < commits.writes(), "16 writers shared commits: "
                    + commits.transactions() + " transactions for " + commits.writes() + " writes");
            assertThrows(SQLException.class, () -> commits.run(c -> {
                throw new SQLException("refused");
            }));
        }
    }
}
