package io.omadm.gateway.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory on a real database: H2 here, PostgreSQL in {@code PostgreSqlInventoryTest}. */
class InventoryTest {

    static final Duration LIVENESS = Duration.ofMinutes(5);

    @TempDir
    Path dataDir;

    Database db;
    DeviceStore store;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    final List<InventoryEvent> events = new ArrayList<>();

    Database openDatabase() {
        return Database.open(Database.h2Url(dataDir), "sa", "", 4);
    }

    @BeforeEach
    void open() {
        db = openDatabase();
        store = new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey());
    }

    @AfterEach
    void close() {
        db.close();
    }

    Inventory inventory() {
        Inventory inv = new Inventory(store, clock, LIVENESS, () -> Mode.ADAPTATION);
        inv.subscribe(events::add);
        return inv;
    }

    private List<String> changes() {
        return events.stream().map(e -> e.change().value() + " " + e.device().devId()).toList();
    }

    @Test
    void aNewDeviceIsRegisteredOnceAndLaterRegistrationsUpdateItsFacts() {
        Inventory inv = inventory();
        Inventory.Registered first = inv.register(new Registration("plc-1", "Siemens", "S7-1200", "4.2", Mode.ADAPTATION,
                "modbus", "10.0.0.5:502", null, "s7-profile", Set.of("dm.example"), null, null));
        assertTrue(first.isNew());
        assertEquals(Presence.DETACHED, first.device().status());
        Inventory.Registered again = inv.register(new Registration("plc-1", null, null, "4.3", null, null, null, null,
                null, Set.of(), null, null));
        assertFalse(again.isNew());
        DeviceRecord d = inv.find("plc-1").orElseThrow();
        assertEquals("4.3", d.fwV());
        assertEquals("S7-1200", d.model());
        assertEquals(Set.of("dm.example"), d.serverIds());
        assertEquals(List.of("registered plc-1"), changes());
    }

    /** From now on every call on the store is shown to {@code calls} (its method name, its arguments) first. */
    private void watchWrites(java.util.function.BiConsumer<String, Object[]> calls) {
        DeviceStore real = store;
        store = (DeviceStore) java.lang.reflect.Proxy.newProxyInstance(DeviceStore.class.getClassLoader(),
                new Class<?>[] {DeviceStore.class}, (proxy, method, args) -> {
                    calls.accept(method.getName(), args);
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aRegistrationThatChangesNothingWritesNothing() {
        List<String> saves = new ArrayList<>();
        watchWrites((method, args) -> {
            if (method.equals("save")) {
                saves.add(((DeviceRecord) args[0]).devId());
            }
        });
        Inventory inv = inventory();
        Registration born = new Registration("spb:G:node:dev", "Acme", "Filler", "1.0", Mode.ADAPTATION, "sparkplug",
                "spBv1.0/G/node/dev", null, "sparkplug:spb:G:node:dev", Set.of(), null, null);
        inv.register(born);
        inv.register(born); // a rebirth after a broker restart: the same facts
        assertEquals(List.of("spb:G:node:dev"), saves, "written once");
        inv.register(new Registration("spb:G:node:dev", "Acme", "Filler", "1.1", Mode.ADAPTATION, "sparkplug",
                "spBv1.0/G/node/dev", null, "sparkplug:spb:G:node:dev", Set.of(), null, null));
        assertEquals(2, saves.size(), "a new firmware version is written");
        assertEquals("1.1", inv.find("spb:G:node:dev").orElseThrow().fwV());
    }

    private static Registration sparkplug(String devId, String fwV) {
        return new Registration(devId, "Acme", "Filler", fwV, Mode.ADAPTATION, "sparkplug", "spBv1.0/G/n/" + devId,
                null, "sparkplug:" + devId, Set.of(), null, null);
    }

    @Test
    void devicesLiveAtOnceAreRegisteredAndAttachedInOneWriteWithTheEventsOfEach() {
        List<Integer> writes = new ArrayList<>();
        watchWrites((method, args) -> {
            if (method.equals("save")) {
                writes.add(1);
            } else if (method.equals("saveAll")) {
                writes.add(((java.util.Collection<?>) args[0]).size());
            }
        });
        Inventory inv = inventory();
        inv.register(sparkplug("c", "1.0")); // known, detached
        writes.clear();
        events.clear();
        List<Inventory.Registered> out = inv.registerLive(List.of(sparkplug("a", "1.0"), sparkplug("b", "1.0"),
                sparkplug("c", "2.0")));
        assertEquals(List.of(3), writes, "one write for the three");
        assertEquals(List.of(true, true, false), out.stream().map(Inventory.Registered::isNew).toList());
        assertEquals(List.of("registered a", "attached a", "registered b", "attached b", "attached c"), changes());
        for (String id : List.of("a", "b", "c")) {
            assertEquals(Presence.ATTACHED, inv.find(id).orElseThrow().status(), id);
            assertEquals(clock.instant(), inv.find(id).orElseThrow().lastSeen(), id);
        }
        assertEquals("2.0", inv.find("c").orElseThrow().fwV());

        writes.clear();
        events.clear();
        clock.advance(Duration.ofSeconds(5));
        inv.registerLive(List.of(sparkplug("a", "1.0"), sparkplug("b", "1.0"), sparkplug("c", "2.0")));
        assertEquals(List.of(), writes, "born again a moment later with the same facts: nothing to write");
        assertEquals(List.of(), changes());

        String tooLong = "x".repeat(300);
        out = inv.registerLive(List.of(sparkplug("d", tooLong), sparkplug("e", "1.0")));
        assertEquals(List.of("e"), out.stream().map(r -> r.device().devId()).toList(),
                "the registration with a field too long is left out, the other is written");
        assertTrue(inv.find("d").isEmpty());
        assertEquals(Presence.ATTACHED, inv.find("e").orElseThrow().status());
    }

    @Test
    void aDeviceWithoutAnIdGetsAStableGatewayLocalOne() {
        Inventory inv = inventory();
        String a = inv.register(Registration.of(null, null, "mqtt", "sensors/17")).device().devId();
        String again = inv.register(Registration.of(null, null, "mqtt", "sensors/17")).device().devId();
        String b = inv.register(Registration.of(null, null, "mqtt", "sensors/18")).device().devId();
        assertEquals(a, again);
        assertNotEquals(a, b);
        assertTrue(a.startsWith("local-"));
        assertTrue(inv.find(a).orElseThrow().localId());
        assertEquals(Mode.ADAPTATION, inv.find(a).orElseThrow().mode(), "DefaultMode when none is given");
    }

    @Test
    void presenceFollowsSignsOfLifeAndTheLivenessWindow() {
        Inventory inv = inventory();
        inv.register(Registration.of("d1", Mode.PROXY, "dm", "10.0.0.9"));
        inv.register(Registration.of("d2", Mode.PROXY, "dm", "10.0.0.10"));
        clock.advance(Duration.ofMinutes(6)); // past the grace after start
        inv.seen("d1");
        inv.seen("d1");
        inv.seen("d2");
        assertEquals(Presence.ATTACHED, inv.find("d1").orElseThrow().status());
        inv.gone("d2");
        clock.advance(Duration.ofMinutes(4));
        assertEquals(0, inv.sweep(), "d1 is within its window");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, inv.sweep());
        assertEquals(Presence.DETACHED, inv.find("d1").orElseThrow().status());
        assertEquals(List.of("registered d1", "registered d2", "attached d1", "attached d2", "detached d2",
                "detached d1"), changes());
    }

    @Test
    void anAdaptersSignOfLifeIsWrittenBySweepsOnlyWhileTheDeviceIsKnownAttached() {
        Inventory inv = inventory();
        inv.register(Registration.of("d1", Mode.ADAPTATION, "mqtt", "plant/d1"));
        clock.advance(Duration.ofMinutes(6));
        inv.alive("d1");
        Instant first = inv.find("d1").orElseThrow().lastSeen();
        clock.advance(Duration.ofSeconds(20));
        inv.alive("d1"); // a moment later: nothing to write
        assertEquals(first, inv.find("d1").orElseThrow().lastSeen());
        clock.advance(Duration.ofSeconds(20)); // past a tenth of the window: lastSeen moves on, at the next sweep
        inv.alive("d1");
        assertEquals(first, inv.find("d1").orElseThrow().lastSeen());
        Instant last = clock.instant();
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, inv.sweep());
        assertEquals(last, inv.find("d1").orElseThrow().lastSeen());
        clock.advance(Duration.ofMinutes(4));
        inv.alive("d1"); // known only in memory until a sweep, which writes it before looking for silent devices
        clock.advance(Duration.ofMinutes(2));
        assertEquals(0, inv.sweep(), "its life two minutes ago counts, though the database had not heard of it");
        inv.gone("d1");
        inv.alive("d1"); // right after it said it was gone: attached again, not skipped as recent
        assertEquals(Presence.ATTACHED, inv.find("d1").orElseThrow().status());
        clock.advance(LIVENESS.plusSeconds(1));
        assertEquals(1, inv.sweep());
        inv.alive("d1");
        assertEquals(Presence.ATTACHED, inv.find("d1").orElseThrow().status());
        assertEquals(List.of("registered d1", "attached d1", "detached d1", "attached d1", "detached d1",
                "attached d1"), changes());
    }

    @Test
    void aRestartDoesNotDetachEveryDeviceAtOnce() {
        Inventory before = inventory();
        before.register(Registration.of("d1", Mode.PROXY, "dm", "10.0.0.9"));
        clock.advance(Duration.ofMinutes(6));
        before.seen("d1");
        // the gateway is down for an hour, then starts again on the same store
        clock.advance(Duration.ofHours(1));
        events.clear();
        Inventory after = inventory();
        assertEquals(Presence.ATTACHED, after.find("d1").orElseThrow().status(), "status survives the restart");
        assertEquals(0, after.sweep(), "nothing is detached within a window of the start");
        clock.advance(Duration.ofMinutes(3));
        after.seen("d1"); // the device shows itself again: no event, it never was detached
        clock.advance(Duration.ofMinutes(3));
        assertEquals(0, after.sweep());
        assertTrue(events.isEmpty(), "no alarm storm: " + changes());
    }

    @Test
    void modeChangesAndRemovalArePublishedAndRemovalLeavesTheGroups() {
        Inventory inv = inventory();
        inv.register(Registration.of("d1", Mode.PROXY, "dm", "a"));
        store.saveGroup("line1", "Line 1");
        assertTrue(store.addMember("line1", "m1", "d1"));
        inv.changeMode("d1", Mode.TRANSPARENT);
        inv.changeMode("d1", Mode.TRANSPARENT);
        assertTrue(inv.remove("d1"));
        assertFalse(inv.remove("d1"));
        assertTrue(store.group("line1").orElseThrow().members().isEmpty());
        assertEquals(List.of("registered d1", "mode-changed d1", "removed d1"), changes());
    }

    @Test
    void listingFiltersAndPagesAndTheSummaryCounts() {
        Inventory inv = inventory();
        for (int i = 0; i < 25; i++) {
            inv.register(new Registration(String.format("dev-%02d", i), "Acme", i % 2 == 0 ? "M1" : "M2", null,
                    i < 10 ? Mode.PROXY : Mode.ADAPTATION, "x", "a" + i, null, null, Set.of(), null, null));
        }
        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 5; i++) {
            inv.seen(String.format("dev-%02d", i));
        }
        store.saveGroup("g", "G");
        store.addMember("g", "a", "dev-03");
        store.addMember("g", "b", "dev-20");
        Page<DeviceRecord> page = store.list(new DeviceFilter(null, Mode.ADAPTATION, null, null), 10, 10);
        assertEquals(15, page.total());
        assertEquals(5, page.items().size());
        assertEquals("dev-20", page.items().get(0).devId());
        assertEquals(5, store.list(new DeviceFilter(Presence.ATTACHED, null, null, null), 0, 100).total());
        assertEquals(List.of("dev-03", "dev-20"), store.list(new DeviceFilter(null, null, "g", null), 0, 10).items()
                .stream().map(DeviceRecord::devId).toList());
        assertEquals(3, store.list(new DeviceFilter(Presence.ATTACHED, null, null, "M1"), 0, 10).total());
        assertEquals(25, store.list(new DeviceFilter(null, null, null, null, "x", null), 0, 10).total());
        assertEquals(0, store.list(new DeviceFilter(null, null, null, null, "mqtt", null), 0, 10).total());
        assertEquals(List.of("dev-10", "dev-11", "dev-12", "dev-13"), store.list(new DeviceFilter(null, null, null,
                null, null, "DEV-1"), 0, 4).items().stream().map(DeviceRecord::devId).toList(),
                "a part of the DevId, in any case");
        assertEquals(List.of("dev-07"), store.list(new DeviceFilter(null, null, null, null, null, "a7"), 0, 10)
                .items().stream().map(DeviceRecord::devId).toList(), "a part of the address");
        assertEquals(0, store.list(new DeviceFilter(null, null, null, null, null, "dev_0"), 0, 10).total(),
                "an underscore is itself, not any character");
        assertEquals(0, store.list(new DeviceFilter(null, null, null, null, null, "%"), 0, 10).total());
        InventorySummary s = store.summary();
        assertEquals(s, inv.summary(), "the inventory's cached summary is the store's");
        inv.register(Registration.of("dev-new", Mode.TRANSPARENT, "x", "b"));
        assertEquals(26, inv.summary().count(), "a change drops the cache");
        inv.seen("dev-new");
        assertEquals(1, inv.summary().byMode().get("transparent"));
        assertEquals(6, inv.summary().attached());
        assertEquals(25, s.count());
        assertEquals(5, s.attached());
        assertEquals(20, s.detached());
        assertEquals(10L, s.byMode().get("proxy"));
        assertEquals(13L, s.byModel().get("M1"));
    }

    @Test
    void aWalkByDevIdReadsEveryMatchingDeviceOnceInOrder() {
        Inventory inv = inventory();
        for (int i = 0; i < 23; i++) {
            inv.register(new Registration(String.format("dev-%02d", i), "Acme", i % 3 == 0 ? "M1" : "M2", null,
                    Mode.ADAPTATION, "x", "a" + i, null, null, Set.of(), null, null));
        }
        store.saveGroup("g", "G");
        store.addMember("g", "a", "dev-03");
        store.addMember("g", "b", "dev-04");
        store.addMember("g", "c", "dev-20");
        DeviceFilter m2 = new DeviceFilter(null, null, null, "M2");
        List<String> walked = new ArrayList<>();
        store.forEachMatching(m2, 4, d -> walked.add(d.devId()));
        assertEquals(store.list(m2, 0, 100).items().stream().map(DeviceRecord::devId).toList(), walked);
        assertEquals(15, walked.size());
        assertEquals(List.of("dev-04", "dev-20"), store.listAfter(new DeviceFilter(null, null, "g", "M2"), null, 10)
                .stream().map(DeviceRecord::devId).toList(), "the filter holds with the first page too");
        assertEquals(List.of("dev-20"), store.listAfter(new DeviceFilter(null, null, "g", "M2"), "dev-04", 10)
                .stream().map(DeviceRecord::devId).toList());
        assertTrue(store.listAfter(m2, "dev-22", 10).isEmpty());
    }

    @Test
    void groupsAreCreatedRenamedAndHoldOnlyKnownDevices() {
        inventory().register(Registration.of("d1", Mode.PROXY, "dm", "a"));
        store.saveGroup("g1", "First");
        store.saveGroup("g1", "Renamed");
        assertEquals("Renamed", store.group("g1").orElseThrow().displayName());
        assertFalse(store.addMember("g1", "m", "nobody"));
        assertFalse(store.addMember("nogroup", "m", "d1"));
        assertTrue(store.addMember("g1", "m", "d1"));
        assertFalse(store.addMember("g1", "m", "d1"), "member node names are unique in a group");
        assertEquals(List.of("g1"), store.groupsOf("d1"));
        assertTrue(store.removeMember("g1", "m"));
        assertTrue(store.deleteGroup("g1"));
        assertTrue(store.groups().isEmpty());
    }

    @Test
    void devIdsThatAreNoNodeNamesAreEscapedReversibly() {
        for (String id : new String[] {"IMEI:490154203237518", "a/b?c%d", ".", "..", "plain"}) {
            String node = NodeNames.of(id);
            assertTrue(io.omadm.gateway.tree.NodePath.isValidName(node), node);
            assertEquals(id, NodeNames.devId(node));
        }
        assertEquals("a%2Fb%3Fc%25d", NodeNames.of("a/b?c%d"));
    }
}
