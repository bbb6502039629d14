package io.omadm.gateway.adaptation.sparkplug;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.mqtt.BrokerSettings;
import io.omadm.gateway.testing.TcpRelay;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import io.omadm.gateway.testing.sparkplug.EdgeNodeSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.tahu.message.model.MetricDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host application against a real broker (mosquitto) and an edge node simulated apart from it: STATE birth and
 * death, discovery from births with typed metrics, data by alias, a sequence gap, a killed edge node, a broker
 * restart.
 */
class SparkplugHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = SparkplugNames.device("Plant1", "edge-1", "press-1");
    private static final String NODE = SparkplugNames.edgeNode("Plant1", "edge-1");

    private final Map<String, String> inventory = new ConcurrentHashMap<>();
    private Mosquitto broker;
    private SparkplugHost host;

    private final SparkplugHost.Registry registry = new SparkplugHost.Registry() {
        @Override
        public void born(List<Birth> births) {
            births.forEach(b -> inventory.put(b.devId(), "online " + b.address() + " " + b.man() + " " + b.model()));
        }

        @Override
        public void died(String devId) {
            inventory.computeIfPresent(devId, (k, v) -> v.replace("online", "offline"));
        }

        @Override
        public void alive(String devId) {
        }
    };

    private final SparkplugSettings settings = new SparkplugSettings(Duration.ofMillis(300), false,
            FactMetrics.DEFAULT, new ReconnectPolicy(Duration.ofMillis(100), 2, Duration.ofMillis(500)));

    @BeforeEach
    void start() throws Exception {
        broker = new Mosquitto();
        host = hostOn(broker.url());
    }

    private SparkplugHost hostOn(String url) {
        return new SparkplugHost(BrokerSettings.anonymous(url), "gw-test", List.of("Plant1"), settings, registry,
                Clock.systemUTC());
    }

    /** A client that hears the host's STATE topic, each message as JSON with its retained flag and QoS. */
    private MqttClient stateProbe(String id, BlockingQueue<JsonNode> into) throws Exception {
        MqttClient probe = new MqttClient(broker.url(), id, new MemoryPersistence());
        probe.connect();
        listen(probe, (t, m) -> into.add(state(m)));
        return probe;
    }

    private static JsonNode state(MqttMessage m) throws Exception {
        return ((ObjectNode) JSON.readTree(m.getPayload())).put("retained", m.isRetained()).put("qos", m.getQos());
    }

    @Test
    void whenItsConnectionDiesTheBrokerPublishesTheHostsWillAndTheHostComesBackWithANewBirth() throws Exception {
        host.close();
        try (TcpRelay relay = new TcpRelay(URI.create(broker.url()).getPort())) {
            host = hostOn("tcp://127.0.0.1:" + relay.port());
            BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();
            MqttClient probe = stateProbe("probe", states);
            host.start();
            JsonNode birth = states.poll(10, TimeUnit.SECONDS);
            assertTrue(birth.get("online").asBoolean(), birth.toString());
            relay.cut();
            JsonNode will = states.poll(10, TimeUnit.SECONDS);
            assertEquals(false, will.get("online").asBoolean(), "the will, published by the broker: " + will);
            assertEquals(birth.get("timestamp").asLong(), will.get("timestamp").asLong(), "of the same CONNECT");
            assertEquals(1, will.get("qos").asInt());
            JsonNode again = states.poll(10, TimeUnit.SECONDS);
            assertTrue(again.get("online").asBoolean(), again.toString());
            assertTrue(again.get("timestamp").asLong() > birth.get("timestamp").asLong(), "a new CONNECT: " + again);
            probe.disconnect();
        }
    }

    @Test
    void anOfflineStateOnItsTopicWhileItIsConnectedIsAnsweredWithItsBirthAgain() throws Exception {
        BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();
        MqttClient probe = stateProbe("probe", states);
        host.start();
        JsonNode birth = states.poll(10, TimeUnit.SECONDS);
        assertTrue(birth.get("online").asBoolean(), birth.toString());
        // a will of an earlier connection of the host, delivered late
        probe.publish("spBv1.0/STATE/gw-test", "{\"online\":false,\"timestamp\":1}".getBytes(StandardCharsets.UTF_8),
                1, true);
        assertEquals(false, states.poll(5, TimeUnit.SECONDS).get("online").asBoolean());
        JsonNode corrected = states.poll(5, TimeUnit.SECONDS);
        assertTrue(corrected.get("online").asBoolean(), corrected.toString());
        assertEquals(birth.get("timestamp").asLong(), corrected.get("timestamp").asLong(), "the current birth again");
        BlockingQueue<JsonNode> retained = new LinkedBlockingQueue<>();
        MqttClient late = stateProbe("late", retained);
        assertTrue(retained.poll(5, TimeUnit.SECONDS).get("online").asBoolean(), "what the broker keeps is online");
        late.disconnect();
        probe.disconnect();
    }

    @AfterEach
    void stop() {
        host.close();
        broker.close();
    }

    @Test
    void theHostPublishesItsBirthWithTheTimestampOfItsWillAndItsDeathWhenItLeaves() throws Exception {
        BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();
        MqttClient probe = stateProbe("probe", states);
        long before = System.currentTimeMillis();
        host.start();
        JsonNode birth = states.poll(10, TimeUnit.SECONDS);
        assertTrue(birth.get("online").asBoolean(), birth.toString());
        long t = birth.get("timestamp").asLong();
        assertTrue(t >= before && t <= System.currentTimeMillis(), "the time of the CONNECT: " + birth);
        assertEquals(1, birth.get("qos").asInt());
        BlockingQueue<JsonNode> retained = new LinkedBlockingQueue<>();
        MqttClient late = stateProbe("late", retained);
        JsonNode kept = retained.poll(5, TimeUnit.SECONDS);
        assertTrue(kept.get("retained").asBoolean() && kept.get("online").asBoolean(), "retained: " + kept);
        late.disconnect();
        host.close();
        JsonNode death = states.poll(5, TimeUnit.SECONDS);
        assertEquals(false, death.get("online").asBoolean(), death.toString());
        assertTrue(death.get("timestamp").asLong() >= t, death.toString());
        probe.disconnect();
    }

    /** The host's STATE topic, heard (Paho's one-listener subscribe calls itself: the array form is used). */
    private static void listen(MqttClient client, IMqttMessageListener listener) throws Exception {
        client.subscribe(new MqttSubscription[] {new MqttSubscription("spBv1.0/STATE/gw-test", 1)},
                new IMqttMessageListener[] {listener});
    }

    @Test
    void birthsRegisterTheEdgeNodeAndItsDevicesWithTypedMetricsAndDataUpdatesThemByAlias() throws Exception {
        host.start();
        await().atMost(Duration.ofSeconds(10)).until(host::isConnected);
        try (EdgeNodeSimulator sim = new EdgeNodeSimulator(broker.url(), "Plant1", "edge-1",
                List.of("press-1", "press-2"))) {
            sim.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.size() == 3);
            assertEquals("online Plant1/edge-1 Acme EdgeBox 9", inventory.get(NODE));
            assertEquals("online Plant1/edge-1/press-1 null null", inventory.get(DEVICE));
            EdgeNode.Device press = host.state().device(DEVICE).orElseThrow();
            MetricState temperature = press.metrics.get("Temperature");
            assertEquals("21.5", temperature.value());
            assertEquals("float", SparkplugValues.format(temperature.datatype));
            assertEquals("degC", temperature.units);
            assertTrue(!temperature.writable && press.metrics.get("Config/Speed").writable, "as the birth says");
            assertEquals("int", SparkplugValues.format(press.metrics.get("Config/Speed").datatype));
            sim.data("press-1", 10, MetricDataType.Double, 23.25);
            await().atMost(Duration.ofSeconds(5)).until(() -> "23.25".equals(temperature.value()));
            assertEquals("21.5", host.state().device(SparkplugNames.device("Plant1", "edge-1", "press-2"))
                    .orElseThrow().metrics.get("Temperature").value(), "press-2's alias is its own");
            assertEquals(0, sim.rebirthsAsked());
        }
    }

    @Test
    void aSequenceGapAsksForExactlyOneRebirthAfterTheReorderTimeout() throws Exception {
        host.start();
        await().atMost(Duration.ofSeconds(10)).until(host::isConnected);
        try (EdgeNodeSimulator sim = new EdgeNodeSimulator(broker.url(), "Plant1", "edge-1", List.of("press-1"))) {
            sim.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.size() == 2);
            sim.skipSeq();
            sim.data("press-1", 10, MetricDataType.Double, 30.0);
            sim.data("press-1", 10, MetricDataType.Double, 31.0);
            EdgeNode.Device press = host.state().device(DEVICE).orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.rebirthsAsked() == 1);
            EdgeNodeSimulator.Command rebirth = sim.commands().poll(1, TimeUnit.SECONDS);
            assertEquals("spBv1.0/Plant1/NCMD/edge-1", rebirth.topic());
            assertEquals("Node Control/Rebirth", rebirth.metrics().get(0).getName());
            assertEquals(MetricDataType.Boolean, rebirth.metrics().get(0).getDataType());
            // the held data was not applied: the node is born again with its current values
            await().atMost(Duration.ofSeconds(5)).until(() -> "21.5".equals(press.metrics.get("Temperature")
                    .value()));
            sim.data("press-1", 10, MetricDataType.Double, 32.0);
            await().atMost(Duration.ofSeconds(5)).until(() -> "32.0".equals(host.state().device(DEVICE)
                    .orElseThrow().metrics.get("Temperature").value()));
            Thread.sleep(600); // two reorder timeouts: no second request
            assertEquals(1, sim.rebirthsAsked());
        }
    }

    @Test
    void aKilledEdgeNodeIsOfflineWithItsDevicesAndABrokerRestartBringsThemBack() throws Exception {
        host.start();
        await().atMost(Duration.ofSeconds(10)).until(host::isConnected);
        EdgeNodeSimulator sim = new EdgeNodeSimulator(broker.url(), "Plant1", "edge-1", List.of("press-1"));
        try {
            sim.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.size() == 2);
            MetricState temperature = host.state().device(DEVICE).orElseThrow().metrics.get("Temperature");
            sim.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.get(NODE).startsWith("offline")
                    && inventory.get(DEVICE).startsWith("offline"));
            assertTrue(temperature.isStale(), "the device's metrics are stale");
            sim.connect(); // a new session: bdSeq + 1
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.get(DEVICE).startsWith("online"));
            broker.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.get(DEVICE).startsWith("offline"));
            broker.start();
            await().atMost(Duration.ofSeconds(15)).until(host::isConnected);
            sim.close();
            sim.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> inventory.get(NODE).startsWith("online")
                    && inventory.get(DEVICE).startsWith("online"));
            assertTrue(!host.state().device(DEVICE).orElseThrow().metrics.get("Temperature").isStale());
        } finally {
            sim.close();
        }
    }

    private static Response command(SparkplugAdapter adapter, String verb, String devId, String metric,
            String value) throws Exception {
        return adapter.handle(new Request(verb, devId, "sparkplug", metric, metric, null, "text/plain", null,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Response r) {
        return r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void dmCommandsReadTheLastValueAndWriteDcmdsWithTheBirthsAliasAndDatatype() throws Exception {
        host.start();
        await().atMost(Duration.ofSeconds(10)).until(host::isConnected);
        SparkplugAdapter adapter = new SparkplugAdapter(host, Clock.systemUTC());
        try (EdgeNodeSimulator sim = new EdgeNodeSimulator(broker.url(), "Plant1", "edge-1", List.of("press-1"))) {
            sim.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.size() == 2);
            Response get = command(adapter, "Get", DEVICE, "Temperature", null);
            assertEquals("200 21.5", get.dmStatus() + " " + text(get));
            assertEquals(200, command(adapter, "Replace", DEVICE, "Config/Speed", "1800").dmStatus());
            EdgeNodeSimulator.Command dcmd = sim.commands().poll(5, TimeUnit.SECONDS);
            assertEquals("spBv1.0/Plant1/DCMD/edge-1/press-1", dcmd.topic());
            org.eclipse.tahu.message.model.Metric speed = dcmd.metrics().get(0);
            assertEquals(11L, speed.getAlias(), "the alias of Config/Speed in the DBIRTH");
            assertEquals(MetricDataType.Int32, speed.getDataType());
            assertEquals(1800, speed.getValue());
            // refused before anything is published: read-only metric, wrong type, out of the type's range
            Response readOnly = command(adapter, "Replace", DEVICE, "Temperature", "30");
            assertEquals(405, readOnly.dmStatus(), text(readOnly));
            Response notANumber = command(adapter, "Replace", DEVICE, "Config/Speed", "fast");
            assertEquals(400, notANumber.dmStatus());
            assertTrue(text(notANumber).contains("'fast' is not a Int32"), text(notANumber));
            assertEquals(400, command(adapter, "Replace", DEVICE, "Config/Speed", "3000000000").dmStatus());
            assertEquals(404, command(adapter, "Get", DEVICE, "Pressure", null).dmStatus());
            assertEquals(405, command(adapter, "Exec", DEVICE, "Serial", null).dmStatus());
            assertEquals(null, sim.commands().poll(300, TimeUnit.MILLISECONDS), "nothing else was published");
            assertEquals(200, command(adapter, "Exec", NODE, "Node Control/Rebirth", null).dmStatus());
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.rebirthsAsked() == 1);
            sim.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> inventory.get(DEVICE).startsWith("offline"));
            Response stale = command(adapter, "Get", DEVICE, "Temperature", null);
            assertEquals(500, stale.dmStatus());
            assertTrue(text(stale).contains("stale"), text(stale));
        }
    }
}
