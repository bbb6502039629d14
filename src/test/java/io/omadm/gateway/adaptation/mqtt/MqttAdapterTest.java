package io.omadm.gateway.adaptation.mqtt;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.demo.SimulatedSensor;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.omadm.gateway.testing.mqtt.MqttBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mqtt adapter (adapters/mqtt.yaml, profile mqtt-demo) through full DM sessions, against a real MQTT 5 broker and a
 * simulated device (the demo site's sensor) answering MQTT 5 requests; then the broker is killed and restarted and the next command works.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MqttBrokerResource.class, restrictToAnnotatedClass = true)
class MqttAdapterTest {

    @Inject
    SessionRunner sessions;

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static String values(List<Command> out) {
        return DmSessions.values(out, "./GwMO/DevInventory/m-1/Tree/");
    }

    @Test
    void getReplaceAndExecReachAnMqttDeviceAndWorkAgainAfterTheBrokerComesBack() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("devId", "m-1", "mode", "adaptation", "protocol", "mqtt",
                "profile", "mqtt-demo")).post("/api/v1/devices").then().statusCode(201);
        SimulatedSensor device = new SimulatedSensor(MqttBrokerResource.url, "m-1", 21.7);
        device.start();
        String t = "./GwMO/DevInventory/m-1/Tree/";
        List<Command> out = session(
                ItemCommand.of(Verb.GET, "1", Item.target(t + "Temperature"), Item.target(t + "SetPoint")),
                new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format("int"), null, List.of(
                        new Item(Location.of(t + "SetPoint"), null, null, Data.text("65"), false))),
                new ItemCommand(Verb.EXEC, "1", false, null, null, "c-9", List.of(Item.target(t + "Actions/Calibrate"))),
                ItemCommand.of(Verb.GET, "1", Item.target(t + "SetPoint")));
        assertEquals("Temperature=21.7 SetPoint=50 SetPoint=65", values(out));
        assertEquals(List.of(200), codes(out, "Replace"));
        assertEquals(List.of(200), codes(out, "Exec"));
        assertEquals(1, device.calibrations());

        MqttBrokerResource.stopBroker();
        List<Command> whileDown = session(ItemCommand.of(Verb.GET, "1", Item.target(t + "SetPoint")));
        assertEquals(List.of(500), codes(whileDown, "Get"), "the broker is gone: 500, and a log line");
        MqttBrokerResource.startBroker();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                values(session(ItemCommand.of(Verb.GET, "1", Item.target(t + "SetPoint")))).equals("SetPoint=65"));
        device.close();
    }
}
