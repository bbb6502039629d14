package io.omadm.gateway.adaptation.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A site with two brokers: the default one (MQTT 5) and a named one declared 3.1.1. What devices announce is heard on
 * both; a point names its broker and is read there, not on the other; when the 3.1.1 broker restarts the gateway
 * connects again by itself and hears announcements there again; a broker the site does not have is refused.
 */
class SiteBrokersTest {

    private static void publish(String url, String topic, String payload, boolean retained) throws Exception {
        MqttClient c = new MqttClient(url, "dev-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.connect(o);
        try {
            c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
        } finally {
            c.disconnect();
            c.close();
        }
    }

    @Test
    void announcementsAreHeardOnEveryBrokerAndPointsAreReadOnTheirOwn() throws Exception {
        try (Mosquitto main = new Mosquitto(); Mosquitto legacy = new Mosquitto()) {
            ReconnectPolicy quick = new ReconnectPolicy(Duration.ofMillis(100), 2, Duration.ofMillis(500));
            MqttAdapter adapter = new MqttAdapter(List.of(BrokerSettings.anonymous(main.url()),
                    BrokerSettings.anonymous(legacy.url()).as("legacy", BrokerSettings.MQTT_3_1_1)),
                    Duration.ofSeconds(2), quick, DevicePresence.NONE);
            try {
                Set<String> heard = ConcurrentHashMap.newKeySet();
                adapter.listen("gwmo/announce/+", (topic, payload) -> heard.add(new String(payload,
                        StandardCharsets.UTF_8)));
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    publish(main.url(), "gwmo/announce/a", "on-main", false);
                    publish(legacy.url(), "gwmo/announce/b", "on-legacy", false);
                    return heard.containsAll(Set.of("on-main", "on-legacy"));
                });

                publish(main.url(), "plant/t-1/temp", "20.0", true);
                publish(legacy.url(), "plant/t-1/temp", "30.0", true);
                assertEquals("20.0", read(adapter, "plant/t-1/temp#state"));
                assertEquals("30.0", read(adapter, "plant/t-1/temp#state?broker=legacy"));

                legacy.stop();
                legacy.start();
                heard.clear();
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    publish(legacy.url(), "gwmo/announce/b", "after-restart", false);
                    return heard.contains("after-restart");
                });
                assertTrue(adapter.problem("plant/x?broker=nowhere").orElseThrow().contains("[default, legacy]"));
                assertThrows(IllegalArgumentException.class, () -> read(adapter, "plant/x?broker=nowhere"));
            } finally {
                adapter.close();
            }
        }
    }

    private static String read(MqttAdapter adapter, String address) throws Exception {
        return new String(adapter.handle(new Request("Get", "t-1", "mqtt", "Temperature", address, "float",
                "text/plain", "p", null)).body(), StandardCharsets.UTF_8);
    }
}
