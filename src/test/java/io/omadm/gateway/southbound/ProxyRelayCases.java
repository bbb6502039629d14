package io.omadm.gateway.southbound;

import static io.omadm.gateway.testing.QueuedCommands.command;
import static io.omadm.gateway.testing.QueuedCommands.provision;
import static io.omadm.gateway.testing.QueuedCommands.queue;
import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Commands queued for a proxy-mode OMA DM device go out in its next session with the gateway (Package 2, then 4 while
 * more are left), and its Status and Results come back into the queue; a session with nothing queued ends at once.
 * The server's own commands on the device's Tree are relayed the same way (B.3): answered in its session when the
 * device comes by within gateway.proxy.wait, else 202 and a ProxyResult alert later. The device is a DM 1.2 client
 * simulator, in XML and in WBXML.
 */
abstract class ProxyRelayCases {

    @TestHTTPResource("/dm")
    URL dm;

    @Inject
    SessionRunner sessions;

    @Test
    void queuedCommandsGoOutInTheDevicesNextSessionAndTheirAnswersComeBack() throws Exception {
        for (Encoding encoding : List.of(Encoding.XML, Encoding.WBXML)) {
            String devId = "prox-" + encoding.name().toLowerCase(java.util.Locale.ROOT);
            provision(devId);
            SimulatedDmDevice device = new SimulatedDmDevice(devId, encoding);
            device.tree.put("./App/Level", "3");
            device.tree.put("./App/Reboot", "");
            assertEquals(3, device.session(dm.toString()), "first contact: the gateway asks for the device's DM"
                    + " accounts (./DMAcc, then each ServerID) and nothing else");
            given().get("/api/v1/devices/{d}", devId).then().body("serverIds", org.hamcrest.Matchers.contains(
                    "omadm-gateway"));

            long get = queue(devId, "Get", "./DevInfo/Mod", null);
            long replace = queue(devId, "Replace", "./App/Level", "7");
            long exec = queue(devId, "Exec", "./App/Reboot", null);
            long missing = queue(devId, "Get", "./App/None", null);
            assertNull(command(devId, get).get("status"), "not answered before the device's session");

            assertEquals(2, device.session(dm.toString()), "Package 1, then Package 3 answering the commands");
            assertEquals(200, command(devId, get).get("status"));
            assertEquals("Sim-42", command(devId, get).get("result"));
            assertEquals(200, command(devId, replace).get("status"));
            assertEquals("7", device.tree.get("./App/Level"));
            assertEquals(200, command(devId, exec).get("status"));
            assertEquals(404, command(devId, missing).get("status"));

            assertEquals(1, device.session(dm.toString()), "answered commands are not sent again");
            assertEquals(4, device.receivedOutsideDmAcc().size());
            // the Replace's Meta is on its Item, where every client reads it, not on the command
            ItemCommand sent = device.receivedOutsideDmAcc().stream().filter(c -> c.verb() == ItemCommand.Verb.REPLACE)
                    .findFirst().orElseThrow();
            assertNull(sent.meta(), "no Meta on the command");
            assertEquals("chr", sent.items().get(0).meta().format());
        }
    }

    @Test
    void theServersCommandOnTheDevicesTreeIsAnsweredInItsSessionOrLaterByProxyResult() throws Exception {
        provision("prox-tree");
        SimulatedDmDevice device = new SimulatedDmDevice("prox-tree", Encoding.WBXML);
        device.tree.put("./App/Level", "3");
        device.session(dm.toString()); // first contact: a proxy-mode device
        String t = GwmoNames.DEV_INVENTORY + "/prox-tree/Tree/";

        // the device comes by while the server's Get waits (gateway.proxy.wait, 2 s in tests)
        CompletableFuture<Integer> visit = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(700);
                return device.session(dm.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Command> out = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "1",
                Item.target(t + "DevInfo/Mod")));
        assertEquals(List.of(200), codes(out, "Get"));
        assertEquals("DevInfo/Mod=Sim-42", DmSessions.values(out, t));
        assertEquals(2, visit.get(30, TimeUnit.SECONDS));

        // it does not come in time: 202, and its answer follows as a ProxyResult alert naming the node
        List<Command> late = DmSessions.session(sessions, DmSessions.replace(t + "App/Level", "chr", "9"));
        assertEquals(List.of(202), codes(late, "Replace"));
        assertEquals("3", device.tree.get("./App/Level"));
        device.session(dm.toString());
        assertEquals("9", device.tree.get("./App/Level"));
        await().atMost(Duration.ofSeconds(20)).until(() -> proxyResults(t + "App/Level").size() == 1);
        assertTrue(proxyResults(t + "App/Level").get(0).contains("\"status\":200"), proxyResults(t + "App/Level")
                .toString());

        // an Exec that ends at 202: its ProxyResult carries the Exec's Correlator
        device.tree.put("./App/Reboot", "");
        List<Command> exec = DmSessions.session(sessions, new ItemCommand(Verb.EXEC, "1", false, null, null,
                "reboot-42", List.of(Item.target(t + "App/Reboot"))));
        assertEquals(List.of(202), codes(exec, "Exec"));
        device.session(dm.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> DmServerResource.server.genericAlerts().stream()
                .anyMatch(a -> "reboot-42".equals(a.correlator()) && a.items().stream().anyMatch(i ->
                        GwmoNames.ALERT_PROXY_RESULT.equals(i.meta().type()) && i.data().asText()
                                .contains("\"status\":200"))));
    }

    private static List<String> proxyResults(String uri) {
        return DmServerResource.server.genericAlerts().stream().flatMap(a -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_PROXY_RESULT.equals(i.meta().type())
                        && i.source() != null && uri.equals(i.source().locUri()))
                .map(i -> i.data().asText()).toList();
    }

    @Test
    void commandsADeviceWasSentBeforeItDroppedGoOutAgainInItsNextSessionAndAreAnsweredOnce() throws Exception {
        provision("prox-drop");
        SimulatedDmDevice device = new SimulatedDmDevice("prox-drop", Encoding.XML);
        device.session(dm.toString());
        long replace = queue("prox-drop", "Replace", "./App/Level", "5");
        assertEquals(1, device.openAndDrop(dm.toString()).size(), "sent, then the device went away");
        assertNull(command("prox-drop", replace).get("status"), "unanswered: still queued");

        assertEquals(2, device.session(dm.toString()));
        assertEquals("5", device.tree.get("./App/Level"));
        assertEquals(200, command("prox-drop", replace).get("status"));
        assertEquals(1, device.session(dm.toString()), "answered: not sent a third time");
        assertEquals(1, device.receivedOutsideDmAcc().size());
    }

    @Test
    void aFanoutReachesProxyDevicesThroughTheirSessions() throws Exception {
        provision("prox-f1");
        provision("prox-f2");
        SimulatedDmDevice awake = new SimulatedDmDevice("prox-f1", Encoding.XML);
        SimulatedDmDevice asleep = new SimulatedDmDevice("prox-f2", Encoding.XML);
        awake.session(dm.toString());
        asleep.session(dm.toString());
        CompletableFuture<Integer> visit = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(700);
                return awake.session(dm.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        given().contentType(ContentType.JSON).body(Map.of("id", "prox-fan", "targets", Map.of("devIds",
                List.of("prox-f1", "prox-f2")), "commands", List.of(Map.of("op", "Get", "path", "DevInfo/Mod")),
                "timeoutSeconds", 60)).post("/api/v1/fanouts").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !"running".equals(given().get("/api/v1/fanouts/prox-fan")
                .then().extract().path("status")));
        assertEquals(2, visit.get(30, TimeUnit.SECONDS));
        List<Map<String, Object>> results = given().get("/api/v1/fanouts/prox-fan/results").then().extract()
                .path("items");
        assertEquals(200, results.get(0).get("status"), results.toString());
        assertEquals("Sim-42", results.get(0).get("data"));
        assertEquals(202, results.get(1).get("status"), "asleep: its answer follows as a ProxyResult");
    }

    @Test
    void manyQueuedCommandsGoOutAFewPerMessage() throws Exception {
        provision("prox-many");
        SimulatedDmDevice device = new SimulatedDmDevice("prox-many", Encoding.XML);
        device.session(dm.toString());
        for (int i = 0; i < OutgoingCommands.COMMANDS_PER_MESSAGE + 5; i++) {
            queue("prox-many", "Replace", "./App/V" + i, Integer.toString(i));
        }
        assertEquals(3, device.session(dm.toString()), "20 commands, then 5, then the end");
        assertEquals(Integer.toString(OutgoingCommands.COMMANDS_PER_MESSAGE + 4),
                device.tree.get("./App/V" + (OutgoingCommands.COMMANDS_PER_MESSAGE + 4)));
    }

    @Test
    void onlyProxyDevicesTakeQueuedCommandsAndBadOnesAreRefused() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "adapt-q", "mode", "adaptation", "profile",
                "sim-demo")).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "./X")).post(
                "/api/v1/devices/adapt-q/commands").then().statusCode(405);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "./X")).post(
                "/api/v1/devices/nobody/commands").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("devId", "prox-bad", "mode", "proxy")).post(
                "/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("op", "Fetch", "path", "./X")).post(
                "/api/v1/devices/prox-bad/commands").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "X")).post(
                "/api/v1/devices/prox-bad/commands").then().statusCode(400);
    }

    @Test
    void aStatusOutsideTheDmRangeIsNeverStoredAsAResult() throws Exception {
        provision("prox-zero");
        SimulatedDmDevice device = new SimulatedDmDevice("prox-zero", Encoding.XML);
        device.session(dm.toString());
        device.answersStatusZero = true;
        long get = queue("prox-zero", "Get", "./DevInfo/Mod", null);
        device.session(dm.toString());
        assertEquals(500, command("prox-zero", get).get("status"), "Status 0 from the device is no result");
    }
}
