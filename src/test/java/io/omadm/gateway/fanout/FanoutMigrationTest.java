package io.omadm.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway upgraded with fanout jobs stored a row per device (schema 9): opening the database carries every job
 * over to packed rows, a running job goes on where it was, and an ended job keeps its results.
 */
class FanoutMigrationTest {

    @TempDir
    Path dir;

    @Test
    void jobsStoredARowPerDeviceAreCarriedOverWithEveryDeviceAndAnswer() throws Exception {
        String url = Database.h2Url(dir);
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("9").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            job(c, "running", "running", 3);
            result(c, "running", 0, "a", 200, "21.5");
            result(c, "running", 1, "b", null, null);
            result(c, "running", 2, "c", null, null);
            job(c, "ended", "completed", 2);
            result(c, "ended", 0, "a", 200, null);
            result(c, "ended", 1, "b", 408, null);
        }

        try (Database db = Database.open(url, "sa", "", 2); FanoutStore store = new JdbcFanoutStore(db.dataSource())) {
            assertEquals(List.of(1, 2), store.pending("running").stream().map(DeviceTask::seq).toList());
            assertEquals(List.of("a", "b", "c"), store.results("running", 0, 10).stream().map(DeviceResult::devId)
                    .toList());
            assertEquals("21.5", store.result("running", 0).orElseThrow().data());
            assertEquals(1, store.find("running").orElseThrow().answered());
            assertEquals(Arrays.asList(null, 200), new ArrayList<>(store.counts("running").keySet()));
            assertFalse(store.record("running", 0, 500, "again", 10), "answered before the upgrade: once only");
            assertTrue(store.record("running", 1, 200, "22", 10), "the running job goes on");
            assertEquals(2, store.find("running").orElseThrow().answered());

            assertEquals(Map.of(200, 1, 408, 1), store.counts("ended"));
            assertEquals(2, store.find("ended").orElseThrow().answered());
            assertFalse(store.record("ended", 0, 200, "late", 10), "an ended job takes no answer");
            assertTrue(store.delete("ended"));
        }
    }

    private static void job(Connection c, String id, String status, int total) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fanout_job (job_id, spec, status, timeout_ms,"
                + " total, created, started, deadline) VALUES (?, ?, ?, 60000, ?, 1, 2, ?)")) {
            ps.setString(1, id);
            ps.setBytes(2, "{\"targets\":{\"devIds\":[\"a\"]},\"commands\":[]}".getBytes());
            ps.setString(3, status);
            ps.setInt(4, total);
            ps.setLong(5, Long.MAX_VALUE / 2);
            ps.executeUpdate();
        }
    }

    private static void result(Connection c, String job, int seq, String devId, Integer status, String data)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fanout_result (job_id, seq, dev_id, conn_key,"
                + " status, data, answered) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, job);
            ps.setInt(2, seq);
            ps.setString(3, devId);
            ps.setString(4, "sim|" + devId);
            ps.setObject(5, status);
            ps.setBytes(6, data == null ? null : data.getBytes());
            ps.setObject(7, status == null ? null : 5L);
            ps.executeUpdate();
        }
    }
}
