package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Presence;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registration policies on a real inventory: who may open a session on /dm, and what a refusal leaves behind. */
class AdmissionTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private Database db;
    private Inventory inventory;

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dataDir), "sa", "", 4);
        inventory = new Inventory(new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey()), clock,
                Duration.ofMinutes(5), () -> Mode.PROXY);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Admission admission(RegistrationPolicy policy, int max, int perMinute) {
        return new Admission(policy, max, perMinute, inventory, clock);
    }

    private Optional<Admission.Refusal> open(Admission a, String devId) {
        return a.check(devId, inventory.find(devId).orElse(null), "ACME", "X1");
    }

    @Test
    void pendingRecordsAnUnknownDeviceWhichGetsNothingUntilAccepted() {
        Admission a = admission(RegistrationPolicy.PENDING, 10, 10);
        assertEquals(200, open(a, "new-1").orElseThrow().status());
        DeviceRecord d = inventory.find("new-1").orElseThrow();
        assertEquals(Presence.PENDING, d.status());
        assertEquals("ACME", d.man());
        assertEquals(1, inventory.summary().pending());
        assertTrue(open(a, "new-1").isPresent(), "still pending: no session");
        assertEquals(Presence.PENDING, inventory.seen("new-1").orElseThrow().status(), "a sign of life is no accept");
        assertEquals(Presence.PENDING, inventory.find("new-1").orElseThrow().status());

        assertEquals(Presence.DETACHED, inventory.accept("new-1").orElseThrow().status());
        assertTrue(open(a, "new-1").isEmpty(), "accepted: its sessions are held");
        assertTrue(inventory.accept("new-1").isEmpty(), "only a pending device is accepted");
    }

    @Test
    void credentialsGivenToAPendingDeviceAcceptIt() {
        Admission a = admission(RegistrationPolicy.PENDING, 10, 10);
        open(a, "new-2");
        inventory.register(new Registration("new-2", null, null, null, null, null, null, null, null, null, "u",
                "device-secret"));
        assertEquals(Presence.DETACHED, inventory.find("new-2").orElseThrow().status());
    }

    @Test
    void pendingDevicesAreBoundedInNumberAndRate() {
        Admission byNumber = admission(RegistrationPolicy.PENDING, 2, 100);
        open(byNumber, "n-1");
        open(byNumber, "n-2");
        Admission.Refusal full = open(byNumber, "n-3").orElseThrow();
        assertEquals(503, full.status());
        assertTrue(full.reason().contains("gateway.southbound.pending.max"), full.reason());
        assertTrue(inventory.find("n-3").isEmpty(), "not recorded");

        Admission byRate = admission(RegistrationPolicy.PENDING, 100, 1);
        assertEquals(200, open(byRate, "r-1").orElseThrow().status());
        assertEquals(503, open(byRate, "r-2").orElseThrow().status());
        assertTrue(inventory.find("r-2").isEmpty());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(200, open(byRate, "r-2").orElseThrow().status(), "a new minute");
        assertEquals(Presence.PENDING, inventory.find("r-2").orElseThrow().status());
    }

    @Test
    void closedRefusesUnknownDevicesAndRecordsNothing() {
        Admission.Refusal r = open(admission(RegistrationPolicy.CLOSED, 10, 10), "stranger").orElseThrow();
        assertEquals(403, r.status());
        assertTrue(r.reason().contains("closed"), r.reason());
        assertTrue(inventory.find("stranger").isEmpty());
        inventory.register(Registration.of("known", Mode.PROXY, null, null));
        assertTrue(open(admission(RegistrationPolicy.CLOSED, 10, 10), "known").isEmpty());
    }

    @Test
    void aMessageInTheNameOfAnotherModesDeviceIsRefusedUnlessOpen() {
        inventory.register(new Registration("plc-7", "Siemens", "S7", null, Mode.ADAPTATION, "modbus", "10.0.0.7",
                null, null, null, null, null));
        for (RegistrationPolicy p : new RegistrationPolicy[] {RegistrationPolicy.PENDING, RegistrationPolicy.CLOSED}) {
            Admission.Refusal r = open(admission(p, 10, 10), "plc-7").orElseThrow();
            assertEquals(403, r.status(), p.value());
            assertTrue(r.reason().contains("adaptation"), r.reason());
        }
        assertEquals("Siemens", inventory.find("plc-7").orElseThrow().man());
        assertTrue(open(admission(RegistrationPolicy.OPEN, 10, 10), "plc-7").isEmpty());
        assertTrue(open(admission(RegistrationPolicy.OPEN, 10, 10), "anyone").isEmpty());
        assertTrue(inventory.find("anyone").isEmpty(), "open: the session registers it, not the admission");
    }
}
