package io.omadm.gateway.gwmo;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.omadm.gateway.testing.dmserver.DmSessions.replace;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The GwMO objects as the DM server sees them, through real sessions with the scripted server. */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GwmoSessionTest {

    @Inject
    SessionRunner sessions;

    @Inject
    Inventory inventory;

    @Inject
    AlertQueue alerts;

    private static ScriptedDmServer server() {
        return DmServerResource.server;
    }

    private static ItemCommand add(String uri, String format, String value) {
        return new ItemCommand(Verb.ADD, "1", false, null, Meta.format(format), null,
                List.of(new Item(Location.of(uri), null, null, value == null ? null : Data.text(value), false)));
    }

    private static ItemCommand get(String... uris) {
        return ItemCommand.of(Verb.GET, "1", java.util.Arrays.stream(uris).map(Item::target).toArray(Item[]::new));
    }

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static String values(List<Command> out) {
        return DmSessions.values(out, "");
    }

    @Test
    @Order(1)
    void theServerReadsAndReplacesGwConfigAndABadValueIsA400() {
        List<Command> out = session(
                replace("./GwMO/GwConfig/DefaultMode", "chr", "proxy"),
                replace("./GwMO/GwConfig/DefaultMode", "chr", "teleport"),
                replace("./GwMO/GwConfig/ImageQuotaMB", "int", "2048"),
                get("./GwMO/GwConfig/DefaultMode", "./GwMO/GwConfig/ImageQuotaMB", "./GwMO/GwConfig?prop=Type"));
        assertEquals(List.of(200, 400, 200), codes(out, "Replace"));
        assertEquals("./GwMO/GwConfig/DefaultMode=proxy ./GwMO/GwConfig/ImageQuotaMB=2048"
                + " ./GwMO/GwConfig?prop=Type=urn:oma:mo:oma-gwmo-gwconfig:1.0", values(out));
    }

    @Test
    @Order(2)
    void theServerAddsADeviceChangesItsModeAndReadsItAndTheSummary() {
        List<Command> out = session(
                add("./GwMO/DevInventory/plc-9", "node", null),
                add("./GwMO/DevInventory/plc-9/Protocol", "chr", "modbus"),
                add("./GwMO/DevInventory/plc-9/Address", "chr", "10.1.2.3:502"),
                add("./GwMO/DevInventory/plc-9/AuthSecret", "chr", "device-secret"),
                replace("./GwMO/DevInventory/plc-9/Mode", "chr", "adaptation"),
                replace("./GwMO/DevInventory/plc-9/Protocol", "chr", "opcua"),
                get("./GwMO/DevInventory/plc-9/Mode", "./GwMO/DevInventory/plc-9/Protocol",
                        "./GwMO/DevInventory/plc-9/Status", "./GwMO/DevInventorySummary/Count",
                        "./GwMO/DevInventorySummary/ByMode/adaptation"),
                get("./GwMO/DevInventory/plc-9/AuthSecret"));
        assertEquals(List.of(200, 200, 200, 200), codes(out, "Add"));
        assertEquals(List.of(200, 405), codes(out, "Replace"), "Mode is writable, the other facts are not");
        assertEquals("./GwMO/DevInventory/plc-9/Mode=adaptation ./GwMO/DevInventory/plc-9/Protocol=modbus"
                + " ./GwMO/DevInventory/plc-9/Status=detached ./GwMO/DevInventorySummary/Count=1"
                + " ./GwMO/DevInventorySummary/ByMode/adaptation=1", values(out));
        assertEquals(425, codes(out, "Get").get(codes(out, "Get").size() - 1), "secrets never go northbound");
        assertEquals("device-secret", inventory.find("plc-9").orElseThrow().authSecret());
    }

    @Test
    @Order(3)
    void theServerManagesGroupsAndTheirMembers() {
        List<Command> out = session(
                add("./GwMO/Groups/line1", "node", null),
                add("./GwMO/Groups/line1/Members/m1/DevId", "chr", "plc-9"),
                add("./GwMO/Groups/line1/Members/m2/DevId", "chr", "no-such-device"),
                replace("./GwMO/Groups/line1/Name", "chr", "Assembly line 1"),
                get("./GwMO/Groups/line1/Name", "./GwMO/Groups/line1/Members/m1/DevId",
                        "./GwMO/DevInventory/plc-9/Groups"));
        assertEquals(List.of(200, 200, 404), codes(out, "Add"));
        assertEquals("./GwMO/Groups/line1/Name=Assembly line 1 ./GwMO/Groups/line1/Members/m1/DevId=plc-9"
                + " ./GwMO/DevInventory/plc-9/Groups=line1", values(out));
        List<Command> removed = session(
                ItemCommand.of(Verb.DELETE, "1", Item.target("./GwMO/Groups/line1/Members/m1")),
                get("./GwMO/Groups/line1/Members"));
        assertEquals(List.of(200), codes(removed, "Delete"));
        assertEquals("./GwMO/Groups/line1/Members=", values(removed));
    }

    @Test
    @Order(4)
    void aNewDeviceIsAnnouncedWithADeviceInventoryUpdateAlert() {
        int before = server().genericAlerts().size();
        inventory.register(Registration.of("sensor-1", Mode.ADAPTATION, "mqtt", "plant/sensor-1"));
        inventory.register(Registration.of("sensor-2", Mode.ADAPTATION, "mqtt", "plant/sensor-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> server().genericAlerts().size() > before);
        Alert a = server().genericAlerts().get(server().genericAlerts().size() - 1);
        List<String> sources = a.items().stream().map(i -> i.source().locUri() + " " + i.data().asText()).toList();
        assertTrue(sources.contains("./GwMO/DevInventory/sensor-1 registered"), sources.toString());
        assertTrue(sources.contains("./GwMO/DevInventory/sensor-2 registered"), sources.toString());
        assertEquals(GwmoNames.ALERT_DEVICE_INVENTORY_UPDATE, a.items().get(0).meta().type());
    }

    @Test
    @Order(5)
    void noAlertWhileNewDeviceAlertIsFalse() throws Exception {
        session(replace("./GwMO/GwConfig/NewDeviceAlert", "bool", "false"));
        int before = server().genericAlerts().size();
        inventory.register(Registration.of("sensor-3", Mode.ADAPTATION, "mqtt", "plant/sensor-3"));
        Thread.sleep(1000); // five alert windows
        assertEquals(0, alerts.size());
        assertEquals(before, server().genericAlerts().size());
    }
}
