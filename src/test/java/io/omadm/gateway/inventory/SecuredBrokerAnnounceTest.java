package io.omadm.gateway.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.omadm.gateway.testing.mqtt.SecuredMqttBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Announcements on a broker as sites run it (password file, TLS only): the gateway's routes sign in with
 * gateway.mqtt.username and password over TLS trusting gateway.mqtt.ca-file, and a device announcing itself there
 * becomes a record. The password appears in no answer of the gateway's.
 */
@QuarkusTest
@QuarkusTestResource(value = SecuredMqttBrokerResource.class, restrictToAnnotatedClass = true)
class SecuredBrokerAnnounceTest {

    private static void announce(String devId) throws Exception {
        MqttClient c = new MqttClient(SecuredMqttBrokerResource.device.url(), "dev-" + devId, new MemoryPersistence());
        try {
            c.connect(SecuredMqttBrokerResource.device.options(5000));
            c.publish("gwmo/announce/" + devId, ("{\"devId\": \"" + devId + "\", \"mode\": \"adaptation\","
                    + " \"protocol\": \"mqtt\"}").getBytes(StandardCharsets.UTF_8), 1, false);
            c.disconnect();
        } finally {
            c.close();
        }
    }

    @Test
    void aDeviceAnnouncingItselfOnTheSecuredBrokerBecomesARecord() {
        // the routes subscribe a moment after start: announce until the gateway has heard it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            announce("tls-sensor-1");
            return given().get("/api/v1/devices/tls-sensor-1").statusCode() == 200;
        });
        given().get("/api/v1/devices/tls-sensor-1").then().body("protocol", equalTo("mqtt"));
        assertFalse(given().get("/q/metrics").then().statusCode(200).extract().asString()
                .contains(SecuredMqttBrokerResource.PASSWORD));
    }
}
