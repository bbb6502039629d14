package io.omadm.gateway.adaptation.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.adaptation.AdapterTransport;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that speaks JSON, mapped by its profile alone (no code): it publishes {@code {"temp":21.5,"rpm":1400}} on
 * its telemetry topic and takes {@code {"cmd":"set","rpm":N}} commands. Through the dispatcher, the mqtt adapter and a
 * real broker, a Get of each point answers its field, a Replace sends the JSON with the value typed, and a point whose
 * field the device does not send is an error naming it, never 200.
 */
class JsonDeviceTest {

    @TempDir
    Path profiles;

    @Test
    void aJsonDeviceIsReadAndCommandedThroughItsProfile() throws Exception {
        Files.writeString(profiles.resolve("json-fan.yaml"), """
                profile: json-fan
                protocol: mqtt
                tree:
                  Temperature: {address: "plant/{devId}/telemetry#state", format: float, json: /temp}
                  Speed: {address: "plant/{devId}/telemetry#state", format: int, json: /rpm}
                  Humidity: {address: "plant/{devId}/telemetry#state", format: float, json: /humidity}
                  SetSpeed: {address: "plant/{devId}/cmd", format: int, commands: [Replace],
                             payload: '{"cmd":"set","rpm":${value},"by":"${devId}"}'}
                """);
        ProfileRegistry registry = new ProfileRegistry(profiles);
        assertTrue(registry.reload().isEmpty());
        try (Mosquitto broker = new Mosquitto()) {
            List<String> commands = new CopyOnWriteArrayList<>();
            MqttClient device = jsonDevice(broker.url(), commands);
            MqttAdapter adapter = new MqttAdapter(BrokerSettings.anonymous(broker.url()), Duration.ofSeconds(3),
                    ReconnectPolicy.DEFAULT, DevicePresence.NONE);
            try {
                Dispatcher dispatcher = new Dispatcher(registry, r -> { // the adapter as the Camel route calls it
                    try {
                        return adapter.handle(r);
                    } catch (Exception e) {
                        throw new AdapterTransport.AdapterException(AdapterTransport.AdapterException.Kind
                                .UNREACHABLE, e.getMessage(), e);
                    }
                });
                DeviceRecord fan = DeviceRecord.of("fan-1", Mode.ADAPTATION).withFacts(null, null, null, "mqtt", null,
                        null, "json-fan");
                assertEquals("21.5", value(dispatcher.run("Get", fan, "Temperature", null, "T")));
                assertEquals("1400", value(dispatcher.run("Get", fan, "Speed", null, "S")));
                TreeResult missing = dispatcher.run("Get", fan, "Humidity", null, "H");
                assertEquals(500, missing.status(), "the device sends no humidity: an error, not 200");
                assertTrue(missing.reason().contains("no value at /humidity"), missing.reason());

                assertEquals(200, dispatcher.run("Replace", fan, "SetSpeed", "1800".getBytes(), "C").status());
                JsonNode sent = new ObjectMapper().readTree(commands.get(0));
                assertEquals("set", sent.get("cmd").asText());
                assertTrue(sent.get("rpm").isInt(), "the value typed as a number: " + commands.get(0));
                assertEquals(1800, sent.get("rpm").asInt());
                assertEquals("fan-1", sent.get("by").asText());
                assertEquals(400, dispatcher.run("Replace", fan, "SetSpeed", "fast".getBytes(), "C").status(),
                        "not an int: nothing sent");
                assertEquals(1, commands.size());
            } finally {
                adapter.close();
                device.disconnect();
                device.close();
            }
        }
    }

    private static String value(TreeResult r) {
        assertEquals(200, r.status(), r.reason());
        return new String(r.values().get(0).bytes(), StandardCharsets.UTF_8);
    }

    /** The device: telemetry retained on its topic; commands taken on plant/fan-1/cmd/set, answered as MQTT 5 asks. */
    private static MqttClient jsonDevice(String url, List<String> commands) throws Exception {
        MqttClient c = new MqttClient(url, "fan-1", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        c.publish("plant/fan-1/telemetry", "{\"temp\":21.5,\"rpm\":1400}".getBytes(StandardCharsets.UTF_8), 1, true);
        // Paho's subscribe(topic, qos, listener) recurses into itself: the array form takes the listener
        c.subscribe(new MqttSubscription[] {new MqttSubscription("plant/fan-1/cmd/set", 1)},
                new IMqttMessageListener[] {(topic, m) -> {
                    commands.add(new String(m.getPayload(), StandardCharsets.UTF_8));
                    MqttMessage reply = new MqttMessage("ok".getBytes(StandardCharsets.UTF_8));
                    MqttProperties p = new MqttProperties();
                    p.setCorrelationData(m.getProperties().getCorrelationData());
                    reply.setProperties(p);
                    c.publish(m.getProperties().getResponseTopic(), reply);
                }});
        return c;
    }
}
