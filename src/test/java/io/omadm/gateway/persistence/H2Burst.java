package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;

/** An H2 file grown by a burst of commits, for the compaction's tests; replaced chunks kept 1 s, not H2's 45. */
final class H2Burst {

    static final int ROWS = 3_000;
    static final int KEPT = 100;

    private H2Burst() {
    }

    static Database open(Path dir, Duration compactionCheck) {
        return Database.open(Database.h2Url(dir) + ";RETENTION_TIME=1000", "sa", "", 4, compactionCheck);
    }

    /** Rows written, rewritten and mostly deleted, a commit each: the file's size once it is over. */
    static long burst(Database db, Path dir) throws Exception {
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

    static byte[] value(int id, int version) {
        byte[] v = new byte[1000];
        Arrays.fill(v, (byte) (id * 31 + version));
        return v;
    }

    static long fileSize(Path dir) {
        try {
            return Files.size(dir.resolve("gateway.mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void assertKeptRowsIntact(Database db) throws SQLException {
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

}
