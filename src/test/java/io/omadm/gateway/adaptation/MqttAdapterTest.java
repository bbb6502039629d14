package io.omadm.gateway.adaptation;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omadm.gateway.app.SessionRunner;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/**
 * The mqtt adapter (adapters/mqtt.yaml, profile mqtt-demo) through full DM sessions, against a real MQTT 5 broker and a
 * simulated device answering MQTT 5 requests; then the broker is killed and restarted and the next command works.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MqttBrokerResource.class, restrictToAnnotatedClass = true)
class MqttAdapterTest {

    @Inject
    SessionRunner sessions;

    /** A device on the broker: answers get/set/exec requests on plant/m-1/... with the correlation data. */
    static final class SimulatedMqttDevice implements MqttCallback {
        final AtomicReference<String> setPoint = new AtomicReference<>("50");
        final AtomicInteger calibrations = new AtomicInteger();
        final MqttClient client;

        SimulatedMqttDevice() throws MqttException {
            client = new MqttClient(MqttBrokerResource.url, "m-1", new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 2);
            client.connect(o);
        }

        void publishState() throws MqttException {
            MqttMessage state = new MqttMessage("21.7".getBytes(StandardCharsets.UTF_8));
            state.setRetained(true);
            client.publish("plant/m-1/temperature", state);
        }

        @Override
        public void messageArrived(String topic, MqttMessage request) throws Exception {
            String value = new String(request.getPayload(), StandardCharsets.UTF_8);
            String answer = switch (topic) {
                case "plant/m-1/setpoint/get" -> setPoint.get();
                case "plant/m-1/setpoint/set" -> {
                    setPoint.set(value);
                    yield "";
                }
                case "plant/m-1/calibrate/exec" -> Integer.toString(calibrations.incrementAndGet());
                default -> "";
            };
            MqttMessage reply = new MqttMessage(answer.getBytes(StandardCharsets.UTF_8));
            MqttProperties props = new MqttProperties();
            props.setCorrelationData(request.getProperties().getCorrelationData());
            reply.setProperties(props);
            client.publish(request.getProperties().getResponseTopic(), reply);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            try {
                client.subscribe("plant/m-1/+/+", 1);
                publishState();
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static String values(List<Command> out) {
        return DmSessions.values(out, "./GwMO/DevInventory/m-1/Tree/");
    }

    @Test
    void getReplaceAndExecReachAnMqttDeviceAndWorkAgainAfterTheBrokerComesBack() throws Exception {
        SimulatedMqttDevice device = new SimulatedMqttDevice();
        given().contentType(ContentType.JSON).body(Map.of("devId", "m-1", "mode", "adaptation", "protocol", "mqtt",
                "profile", "mqtt-demo")).post("/api/v1/devices").then().statusCode(201);
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
        assertEquals(1, device.calibrations.get());

        MqttBrokerResource.stopBroker();
        List<Command> whileDown = session(ItemCommand.of(Verb.GET, "1", Item.target(t + "SetPoint")));
        assertEquals(List.of(500), codes(whileDown, "Get"), "the broker is gone: 500, and a log line");
        MqttBrokerResource.startBroker();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                values(session(ItemCommand.of(Verb.GET, "1", Item.target(t + "SetPoint")))).equals("SetPoint=65"));
        device.client.disconnect();
        device.client.close();
    }
}
