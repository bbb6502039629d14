package io.omadm.gateway.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * The process {@link H2FileCompactionCrashTest} kills: grows the file by a burst, prints {@code peak <bytes>}, then
 * commits a row at a time, printing each id once its commit returned, while the compaction gives the file back.
 */
public final class H2CompactionCrashChild {

    private H2CompactionCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Database db = H2Burst.open(dir, Duration.ofMillis(20));
        System.out.println("peak " + H2Burst.burst(db, dir));
        System.out.flush();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO during (id, v) VALUES (?, ?)")) {
            for (int id = 0; ; id++) {
                insert.setInt(1, id);
                insert.setBytes(2, new byte[200]);
                insert.executeUpdate();
                System.out.println("committed " + id);
                System.out.flush();
                Thread.sleep(2);
            }
        }
    }
}
