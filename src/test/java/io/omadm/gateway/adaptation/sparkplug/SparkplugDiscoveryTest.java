package io.omadm.gateway.adaptation.sparkplug;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.omadm.gateway.testing.sparkplug.EdgeNodeFleet;
import io.omadm.gateway.testing.sparkplug.EdgeNodeSimulator;
import io.omadm.gateway.testing.sparkplug.SparkplugBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.tahu.message.model.MetricDataType;
import org.junit.jupiter.api.Test;

/**
 * The gateway with its Sparkplug host on: an edge node's devices become inventory records and DM trees from their
 * births; a DM Get answers the last DDATA value and a DM Replace reaches the device as a DCMD.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = SparkplugBrokerResource.class, restrictToAnnotatedClass = true)
class SparkplugDiscoveryTest {

    private static final String PRESS = "spb:Plant1:line-7:press-1";
    private static final String TREE = "./GwMO/DevInventory/" + PRESS + "/Tree/";

    @Inject
    SessionRunner sessions;

    @Inject
    SparkplugHost host;

    private static void awaitHostOnline() throws Exception {
        MqttClient probe = new MqttClient(SparkplugBrokerResource.url, "probe", new MemoryPersistence());
        probe.connect();
        try {
            BlockingQueue<String> state = new LinkedBlockingQueue<>();
            probe.subscribe(new MqttSubscription[] {new MqttSubscription("spBv1.0/STATE/gw-under-test", 1)},
                    new IMqttMessageListener[] {(t, m) -> state.add(new String(m.getPayload(),
                            StandardCharsets.UTF_8))});
            await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(state.poll(1, TimeUnit.SECONDS))
                    .contains("\"online\":true"));
        } finally {
            probe.disconnect();
            probe.close();
        }
    }

    @Test
    void anEdgeNodesDevicesAreRecordsWhoseTreesAnswerDmGetAndReplace() throws Exception {
        awaitHostOnline();
        try (EdgeNodeSimulator sim = new EdgeNodeSimulator(SparkplugBrokerResource.url, "Plant1", "line-7",
                List.of("press-1", "press-2"))) {
            sim.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/api/v1/devices/" + PRESS)
                    .statusCode() == 200);
            given().get("/api/v1/devices/" + PRESS).then().body("mode", equalTo("adaptation"))
                    .body("protocol", equalTo("sparkplug")).body("status", equalTo("attached"));
            given().get("/api/v1/devices/spb:Plant1:line-7").then().body("model", equalTo("EdgeBox 9"))
                    .body("man", equalTo("Acme"));
            long before = System.currentTimeMillis() / 1000 * 1000;
            sim.data("press-1", 10, MetricDataType.Double, 24.5);
            await().atMost(Duration.ofSeconds(5)).until(() -> DmSessions.values(DmSessions.session(sessions,
                    ItemCommand.of(Verb.GET, "1", Item.target(TREE + "Temperature"))), TREE).equals(
                    "Temperature=24.5"));
            long after = System.currentTimeMillis();
            Thread.sleep(1_100); // a TStamp of the Get's own time (whole seconds) would now be past 'after'
            String props = DmSessions.values(DmSessions.session(sessions,
                    ItemCommand.of(Verb.GET, "1", Item.target(TREE + "Temperature?prop=Title")),
                    ItemCommand.of(Verb.GET, "2", Item.target(TREE + "Temperature?prop=TStamp"))), TREE);
            assertTrue(props.startsWith("Temperature?prop=Title=degC Temperature?prop=TStamp="), props);
            long tstamp = LocalDateTime.parse(props.substring(props.lastIndexOf('=') + 1),
                    DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC).toEpochMilli();
            assertTrue(tstamp >= before && tstamp <= after, "the TStamp is the DDATA's time, not the Get's: " + props);
            List<Command> out = DmSessions.session(sessions, new ItemCommand(Verb.REPLACE, "2", false, null,
                    Meta.format("int"), null, List.of(new Item(Location.of(TREE + "Config/Speed"), null, null,
                    Data.text("1750"), false))));
            assertEquals(List.of(200), DmSessions.codes(out, "Replace"));
            EdgeNodeSimulator.Command dcmd = sim.commands().poll(5, TimeUnit.SECONDS);
            assertEquals("spBv1.0/Plant1/DCMD/line-7/press-1", dcmd.topic());
            assertEquals(1750, dcmd.metrics().get(0).getValue());
            List<Command> refused = DmSessions.session(sessions, new ItemCommand(Verb.REPLACE, "3", false, null,
                    Meta.format("float"), null, List.of(new Item(Location.of(TREE + "Temperature"), null, null,
                    Data.text("99"), false))));
            assertEquals(List.of(405), DmSessions.codes(refused, "Replace"), "read-only by its birth");
            // Exec from the operator API: the node's rebirth command, by name (its birth gave it no alias)
            int asked = sim.rebirthsAsked();
            given().contentType("text/plain").post("/api/v1/devices/spb:Plant1:line-7/tree/Node Control/Rebirth")
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.rebirthsAsked() == asked + 1);
            given().contentType("text/plain").post("/api/v1/devices/" + PRESS + "/tree/Temperature").then()
                    .statusCode(405);
            sim.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> "detached".equals(given().get("/api/v1/devices/"
                    + PRESS).jsonPath().getString("status")));
        }
    }

    @Test
    void fiftyEdgeNodesOfAHundredDevicesOfTwentyMetricsAllRegisterWithTheirTrees() throws Exception {
        awaitHostOnline();
        long rebirths = host.rebirthsAsked();
        try (EdgeNodeFleet fleet = new EdgeNodeFleet(SparkplugBrokerResource.url, "Plant1", 50, 100, 20)) {
            fleet.connect();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                    .get("/api/v1/devices?model=" + EdgeNodeFleet.MODEL + "&status=attached&limit=1").jsonPath()
                    .getInt("total") == 5_000);
            fleet.publishData(1, null);
            // the last device of the last node: its 100 births and 99 data messages came first (seq 200)
            String tree = "./GwMO/DevInventory/" + fleet.devId(49, 99) + "/Tree/";
            await().atMost(Duration.ofSeconds(10)).until(() -> DmSessions.values(DmSessions.session(sessions,
                    ItemCommand.of(Verb.GET, "1", Item.target(tree + "Value/18"))), tree).equals("Value/18=201.9"));
            List<Item> leaves = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "2",
                    Item.target(tree.substring(0, tree.length() - 1) + "?list=StructData"))).stream()
                    .filter(c -> c instanceof Results).flatMap(c -> ((Results) c).items().stream())
                    .filter(i -> i.data() != null).toList();
            assertEquals(20, leaves.size(), "every metric of the birth is a leaf");
            assertEquals(List.of("chr", "int", "float"), leaves.stream().filter(i -> i.source().locUri()
                    .matches(".*/(Properties/Hardware Model|SetPoint|Value/18)")).map(i -> i.meta().format())
                    .toList(), "typed from the datatypes of the birth, in the order of the tree");
            assertEquals(rebirths, host.rebirthsAsked(), "no message of the fleet was lost or out of order");
        }
    }
}
