package io.omadm.gateway.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device's comings and goings, from the inventory's events, on a real database file. */
class PresenceHistoryTest {

    @TempDir
    Path dataDir;

    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dataDir), "sa", "", 4);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Registration sensor(String devId) {
        return new Registration(devId, "Acme", "S1", "1.0", Mode.ADAPTATION, "mqtt", "plant/" + devId, null, null,
                Set.of(), null, null);
    }

    @Test
    void aDevicesHistoryIsItsEventsNewestFirstWrittenInOneBatchAndPrunedAfterTheRetention() {
        Inventory inv = new Inventory(new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey()), clock,
                Duration.ofMinutes(5), () -> Mode.ADAPTATION);
        PresenceHistory history = new PresenceHistory(db.dataSource(), Duration.ofDays(30), clock);
        inv.subscribe(history);
        inv.registerLive(List.of(sensor("s-1"), sensor("s-2")));
        clock.advance(Duration.ofMinutes(1));
        inv.gone("s-1");
        clock.advance(Duration.ofMinutes(1));
        inv.changeMode("s-1", Mode.PROXY);

        assertEquals(6, history.flush(), "registered and attached twice, detached, mode changed: one write");
        assertEquals(0, history.flush());
        assertEquals(List.of("mode-changed", "detached", "attached", "registered"), history.of("s-1", 10).stream()
                .map(PresenceHistory.Entry::change).toList());
        assertEquals(Instant.parse("2026-12-06T08:01:00Z"), history.of("s-1", 10).get(1).at());
        assertEquals(2, history.of("s-1", 2).size());

        inv.seen("s-1"); // not flushed yet: a read writes what is pending first
        assertEquals("attached", history.of("s-1", 1).get(0).change());

        clock.advance(Duration.ofDays(30));
        assertEquals(5, history.prune(), "what happened before 08:02 is older than 30 days now");
        assertEquals(List.of("attached", "mode-changed"), history.of("s-1", 10).stream()
                .map(PresenceHistory.Entry::change).toList());
        assertEquals(List.of(), history.of("s-2", 10));
    }
}
