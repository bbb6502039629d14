package io.omadm.gateway.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.omadm.gateway.testing.mqtt.MqttBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** A device announcing itself over a real MQTT 5 broker becomes a record; its birth and last will move presence. */
@QuarkusTest
@QuarkusTestResource(value = MqttBrokerResource.class, restrictToAnnotatedClass = true)
class MqttAnnounceTest {

    /** A simulated device: a Paho MQTT 5 client, disconnected and closed when done. */
    private record Device(MqttClient client) implements AutoCloseable {
        void publish(String topic, String payload) throws Exception {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish(topic, m);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    private static Device device(String id) throws Exception {
        MqttClient c = new MqttClient(MqttBrokerResource.url, id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        return new Device(c);
    }

    private static void awaitRoutes() {
        // the gateway subscribes a moment after start; announce until it has heard one
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Device c = device("probe")) {
                c.publish("gwmo/announce/probe", "{\"devId\": \"probe\"}");
            }
            return given().get("/api/v1/devices/probe").statusCode() == 200;
        });
    }

    @Test
    void anUnknownDeviceThatAnnouncesItselfBecomesARecordAndItsPresenceFollowsBirthAndLastWill() throws Exception {
        awaitRoutes();
        try (Device sensor = device("sensor-77")) {
            sensor.publish("gwmo/announce/sensor-77", """
                    {"devId": "sensor-77", "man": "Acme", "model": "TH-2", "fwV": "1.4", "profile": "th-sensor"}
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    given().get("/api/v1/devices/sensor-77").statusCode() == 200);
            given().get("/api/v1/devices/sensor-77").then()
                    .body("mode", equalTo("adaptation")).body("protocol", equalTo("mqtt"))
                    .body("model", equalTo("TH-2")).body("status", equalTo("attached"));
            sensor.publish("gwmo/presence/sensor-77", "offline");
            await().atMost(Duration.ofSeconds(10)).until(() -> "detached".equals(
                    given().get("/api/v1/devices/sensor-77").jsonPath().getString("status")));
            sensor.publish("gwmo/presence/sensor-77", "online");
            await().atMost(Duration.ofSeconds(10)).until(() -> "attached".equals(
                    given().get("/api/v1/devices/sensor-77").jsonPath().getString("status")));
        }
    }

    @Test
    void aBadAnnouncementIsDroppedAndTheNextGoodOneStillWorks() throws Exception {
        awaitRoutes();
        try (Device c = device("noisy")) {
            c.publish("gwmo/announce/noisy", "not json");
            c.publish("gwmo/announce/noisy", "{\"devId\": \"noisy-1\", \"mode\": \"teleport\"}");
            c.publish("gwmo/announce/noisy", "{\"devId\": \"noisy-2\"}");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    given().get("/api/v1/devices/noisy-2").statusCode() == 200);
            given().get("/api/v1/devices/noisy-1").then().statusCode(404);
        }
    }
}
