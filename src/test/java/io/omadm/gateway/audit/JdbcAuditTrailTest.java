package io.omadm.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcAuditTrailTest {

    @TempDir
    Path dataDir;

    private Database db;
    private JdbcAuditTrail trail;

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dataDir), "sa", "", 2);
        trail = new JdbcAuditTrail(db.dataSource(), Duration.ofDays(365), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eventsAreKeptAndFoundNewestFirstByActorActionTargetAndTime() {
        trail.record(AuditEvent.of(1000, "user:admin", "10.0.0.1", "POST", "/api/v1/devices", 201));
        trail.record(AuditEvent.of(2000, "token:t1/ci", "10.0.0.2", "PUT", "/api/v1/devices/plc-1/tree/SetPoint",
                200));
        trail.record(AuditEvent.of(3000, "dm-server:dm.test", "dm.example", "Replace", "./GwMO/GwConfig/X", 200));
        trail.record(AuditEvent.of(4000, "user:admin", "10.0.0.1", "DELETE", "/api/v1/devices/plc_1", 404));

        AuditTrail.Page all = trail.find(AuditQuery.ALL, 0, 10);
        assertEquals(4, all.total());
        assertEquals(List.of(4000L, 3000L, 2000L, 1000L), all.items().stream().map(AuditEvent::at).toList());
        assertEquals(2, trail.find(new AuditQuery("user:admin", null, null, null, null), 0, 10).total());
        assertEquals("dm-server:dm.test", trail.find(new AuditQuery(null, "Replace", null, null, null), 0, 10)
                .items().get(0).actor());
        assertEquals(2, trail.find(new AuditQuery(null, null, "/api/v1/devices/plc", null, null), 0, 10).total());
        assertEquals(1, trail.find(new AuditQuery(null, null, "/api/v1/devices/plc_", null, null), 0, 10).total(),
                "an underscore in the target is a character, not a wildcard");
        assertEquals(2, trail.find(new AuditQuery(null, null, null, 2000L, 4000L), 0, 10).total(), "to excluded");
        AuditTrail.Page second = trail.find(AuditQuery.ALL, 1, 2);
        assertEquals(List.of(3000L, 2000L), second.items().stream().map(AuditEvent::at).toList());
        assertEquals(4, second.total());
    }

    @Test
    void longValuesAreCutAndOldEventsPruned() {
        trail.record(AuditEvent.of(1000, "user:" + "x".repeat(400), null, "POST", "/" + "p".repeat(2000), 400));
        AuditEvent e = trail.find(AuditQuery.ALL, 0, 1).items().get(0);
        assertEquals(255, e.actor().length());
        assertEquals(1024, e.target().length());
        trail.record(AuditEvent.of(5000, "user:admin", null, "POST", "/api/v1/groups", 201));
        assertEquals(1, trail.prune(2000));
        assertEquals(1, trail.find(AuditQuery.ALL, 0, 10).total());
    }

    @Test
    void aTrailThatCannotWriteDoesNotFailTheChange() {
        db.close();
        assertDoesNotThrow(() -> trail.record(AuditEvent.of(1, "user:admin", null, "POST", "/x", 201)));
        db = Database.open(Database.h2Url(dataDir), "sa", "", 2);
        assertTrue(new JdbcAuditTrail(db.dataSource(), Duration.ofDays(1), Clock.systemUTC())
                .find(AuditQuery.ALL, 0, 1).items().isEmpty());
    }
}
