package io.omadm.gateway.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceProfilesTest {

    @TempDir
    Path dir;

    @Test
    void devicesDeclaredInProfilesAreRegisteredAndABadFileIsNamedAndSkipped() throws Exception {
        Files.writeString(dir.resolve("acme-plc.yaml"), """
                profile: acme-plc
                protocol: modbus
                man: Acme
                model: PLC-7
                registers:            # adapter keys: not the inventory's business
                  speed: holding-register:1
                devices:
                  - devId: plc-1
                    address: 10.0.0.5:502
                  - address: 10.0.0.6:502
                """);
        Files.writeString(dir.resolve("broken.yaml"), "devices: [ {devId: x, : }");
        Files.writeString(dir.resolve("wrong-mode.yaml"), "devices:\n  - devId: y\n    mode: teleport\n");
        Files.writeString(dir.resolve("notes.txt"), "not a profile");
        try (Database db = Database.open(Database.h2Url(dir.resolve("db")), "sa", "", 2)) {
            Inventory inv = new Inventory(
                    new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey()), Clock.systemUTC(),
                    Duration.ofMinutes(5), () -> Mode.PROXY);
            DeviceProfiles.Loaded loaded = DeviceProfiles.load(dir, inv);
            assertEquals(2, loaded.devices());
            assertEquals(2, loaded.problems().size(), loaded.problems().toString());
            assertTrue(loaded.problems().stream().anyMatch(p -> p.contains("broken.yaml")), loaded.problems().toString());
            assertTrue(loaded.problems().stream().anyMatch(p -> p.contains("wrong-mode.yaml") && p.contains("teleport")),
                    loaded.problems().toString());
            DeviceRecord plc = inv.find("plc-1").orElseThrow();
            assertEquals("PLC-7", plc.model());
            assertEquals("acme-plc", plc.profile());
            assertEquals(Mode.ADAPTATION, plc.mode());
            assertEquals(2, inv.store().summary().count(), "plc-1 and a local-id device; y was refused");
            assertEquals(2, DeviceProfiles.load(dir, inv).devices(), "loading again updates, adds nothing");
            assertEquals(2, inv.store().summary().count());
        }
    }
}
