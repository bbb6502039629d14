package io.omadm.gateway.southbound;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nomadic device (HLF-002, B.4) between two gateway processes, each the DM client of its own DM server: the device
 * is registered at gateway A, then moves to gateway B's site and opens a session there. B registers it with the DM
 * servers it already has accounts for (learned from its ./DMAcc) and reports it to its server as a new device
 * (DeviceInventoryUpdate); A, no longer hearing from it, reports it detached to its server.
 */
class NomadicDeviceIT {

    static final Secret GATEWAY = new Secret("gateway", "gw-pass-0123456789");

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    private static Map<String, String> config(String devId, String serverId, ScriptedDmServer server, Path data) {
        Map<String, String> c = new HashMap<>(Map.of(
                "gateway.dev-id", devId,
                "gateway.server.url", server.url().toString(),
                "gateway.server.id", serverId,
                "gateway.server.auth", "md5",
                "gateway.server.username", GATEWAY.username(),
                "gateway.server.password", GATEWAY.password(),
                "gateway.data-dir", data.toString(),
                "gateway.notification.udp-port", "0",
                "gateway.inventory.liveness", "3s",
                "gateway.inventory.sweep-interval", "500ms"));
        c.put("gateway.inventory.alert-window", "200ms");
        return c;
    }

    /** The DeviceInventoryUpdate items a server received for a device, as "change" texts. */
    private static List<String> inventoryUpdates(ScriptedDmServer server, String devId) {
        return server.genericAlerts().stream().flatMap((Alert a) -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_DEVICE_INVENTORY_UPDATE.equals(i.meta().type())
                        && i.source() != null && i.source().locUri().endsWith("/" + devId))
                .map(i -> i.data().asText()).toList();
    }

    @Test
    void aDeviceThatMovesToAnotherGatewayIsRegisteredThereWithItsServersAndDetachedAtTheFirst() throws Exception {
        try (ScriptedDmServer serverA = new ScriptedDmServer("dm.a", AuthType.MD5, GATEWAY, null);
                ScriptedDmServer serverB = new ScriptedDmServer("dm.b", AuthType.MD5, GATEWAY, null)) {
            // server A wants attach/detach reports from its gateway
            serverA.script(in -> ScriptedDmServer.Reply.of(new ItemCommand(Verb.REPLACE, "1", false, null,
                    Meta.format("bool"), null, List.of(new Item(Location.of(GwmoNames.GW_CONFIG + "/PresenceAlert"),
                    null, null, Data.text("true"), false)))));
            try (GatewayProcess a = GatewayProcess.start(config("gw-a", "dm.a", serverA, dataA));
                    GatewayProcess b = GatewayProcess.start(config("gw-b", "dm.b", serverB, dataB))) {
                String baseA = "http://127.0.0.1:" + a.httpPort();
                String baseB = "http://127.0.0.1:" + b.httpPort();
                a.awaitOk("/q/health/ready");
                b.awaitOk("/q/health/ready");
                await().atMost(Duration.ofSeconds(60)).until(() -> serverA.gatewayResponses().stream()
                        .anyMatch(c -> c instanceof Status s && s.cmd().equals("Replace") && s.code() == 200));

                // the device has accounts for gateway A and for the site's upstream DM server
                SimulatedDmDevice device = new SimulatedDmDevice("nomad-1", Encoding.WBXML)
                        .withAccount(new SimulatedDmDevice.Account(AuthType.MD5, null, null, "gw-a", null));
                device.tree.put("./DMAcc/up/ServerID", "dm.upstream");
                // the default registration policy: a device that announces itself waits for the operator
                device.session(baseA + "/dm");
                given().post(baseA + "/api/v1/devices/nomad-1/accept").then().statusCode(200);
                device.session(baseA + "/dm");
                given().get(baseA + "/api/v1/devices/nomad-1").then().statusCode(200)
                        .body("status", equalTo("attached")).body("serverIds", containsInAnyOrder("gw-a",
                                "dm.upstream"));
                await().atMost(Duration.ofSeconds(30)).until(() -> inventoryUpdates(serverA, "nomad-1")
                        .contains("registered"));

                // it moves: its next session is with gateway B, whose operator accepts it too
                device.session(baseB + "/dm");
                given().get(baseB + "/api/v1/devices/nomad-1").then().body("status", equalTo("pending"));
                given().post(baseB + "/api/v1/devices/nomad-1/accept").then().statusCode(200);
                device.session(baseB + "/dm");
                given().get(baseB + "/api/v1/devices/nomad-1").then().statusCode(200)
                        .body("mode", equalTo("proxy")).body("status", equalTo("attached"))
                        .body("serverIds", containsInAnyOrder("gw-a", "dm.upstream"));
                await().atMost(Duration.ofSeconds(30)).until(() -> inventoryUpdates(serverB, "nomad-1")
                        .contains("registered"));

                // gateway A no longer hears from it: detached there, and its server is told
                await().atMost(Duration.ofSeconds(30)).until(() -> "detached".equals(given()
                        .get(baseA + "/api/v1/devices/nomad-1").then().extract().path("status")));
                await().atMost(Duration.ofSeconds(30)).until(() -> inventoryUpdates(serverA, "nomad-1")
                        .contains("detached"));
                assertTrue(inventoryUpdates(serverB, "nomad-1").stream().noneMatch("detached"::equals),
                        "B keeps it attached: " + inventoryUpdates(serverB, "nomad-1"));
            }
        }
    }
}
