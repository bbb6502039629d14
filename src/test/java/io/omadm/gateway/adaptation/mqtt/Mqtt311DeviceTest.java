package io.omadm.gateway.adaptation.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.adaptation.AdapterTransport;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.adaptation.ProtocolCatalog;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A field device as many are: MQTT 3.1.1, JSON telemetry on its own topic ({@code {"temp":21.5,"rpm":1400}}), JSON
 * commands on a command topic answered on a reply topic with the request's id echoed and an {@code ok} field. It is
 * on a second broker of the site, declared 3.1.1 and named by its profile. Through the dispatcher and the mqtt
 * adapter, with nothing but the profile: telemetry is read from what the device last published while it is fresh, and
 * is an error once stale; Get and Replace go by request/reply, answers matched by id even when they come back out of
 * order; a reply saying ok:false is a failed command, never 200.
 */
class Mqtt311DeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path profiles;

    private Mosquitto legacy;
    private MqttClient device;
    private final AtomicInteger rpm = new AtomicInteger(1400);
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final ExecutorService answering = Executors.newFixedThreadPool(8);
    private MqttAdapter adapter;
    private Dispatcher dispatcher;

    @BeforeEach
    void site() throws Exception {
        legacy = new Mosquitto();
        device = new MqttClient(legacy.url(), "fan-1", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        device.connect(o);
        // answered from several threads after random delays: replies come back out of order
        device.subscribe("site/fan-1/cmd", 1, (topic, msg) -> answering.submit(() -> answer(msg.getPayload())));
        Files.writeString(profiles.resolve("fan-311.yaml"), """
                profile: fan-311
                protocol: mqtt
                broker: legacy
                tree:
                  Temperature: {address: "site/{devId}/telemetry?max-age=1s", format: float, json: /temp}
                  Rpm: {address: "site/{devId}/cmd?reply=site/{devId}/reply&correlation=/id&success=/ok",
                        format: int, json: /rpm, commands: [Get, Replace],
                        request: '{"id":"${requestId}","cmd":"get"}',
                        payload: '{"id":"${requestId}","cmd":"set","rpm":${value}}'}
                """);
        ProfileRegistry registry = new ProfileRegistry(profiles);
        assertEquals(List.of(), registry.reload());
        BrokerSettings none = BrokerSettings.anonymous("");
        // the timeout bounds a stalled exchange, not the device's speed: a 2-core CI machine under load once took
        // more than 1.5 s to answer one of 64 concurrent requests
        adapter = new MqttAdapter(List.of(none, BrokerSettings.anonymous(legacy.url()).as("legacy", "3.1.1")),
                Duration.ofSeconds(5), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
        registry.useCatalog(new ProtocolCatalog() {
            @Override
            public boolean has(String protocol) {
                return protocol.equals("mqtt");
            }

            @Override
            public Optional<String> addressProblem(String protocol, String address) {
                return adapter.problem(address);
            }
        });
        dispatcher = new Dispatcher(registry, r -> {
            try {
                return adapter.handle(r);
            } catch (Exception e) {
                throw new AdapterTransport.AdapterException(AdapterTransport.AdapterException.Kind.UNREACHABLE,
                        e.getMessage(), e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        answering.shutdownNow();
        adapter.close();
        device.disconnect();
        device.close();
        legacy.close();
    }

    /** The device: a command's answer on the reply topic, with the id echoed, after a random short delay. */
    private Void answer(byte[] payload) throws Exception {
        JsonNode cmd = JSON.readTree(payload);
        commands.add(new String(payload, StandardCharsets.UTF_8));
        String reply;
        if (cmd.path("cmd").asText().equals("set") && cmd.path("rpm").isInt() && cmd.path("rpm").asInt() <= 3000) {
            rpm.set(cmd.path("rpm").asInt());
            reply = "{\"id\":\"" + cmd.path("id").asText() + "\",\"ok\":true}";
        } else if (cmd.path("cmd").asText().equals("get")) {
            int value = cmd.has("n") ? cmd.path("n").asInt() : rpm.get(); // "n": the test's own request
            reply = "{\"id\":\"" + cmd.path("id").asText() + "\",\"ok\":true,\"rpm\":" + value + "}";
        } else {
            reply = "{\"id\":\"" + cmd.path("id").asText() + "\",\"ok\":false,\"error\":\"out of range\"}";
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 20));
        device.publish("site/fan-1/reply", reply.getBytes(StandardCharsets.UTF_8), 1, false);
        return null;
    }

    private TreeResult run(String command, String path, String value) {
        DeviceRecord fan = DeviceRecord.of("fan-1", Mode.ADAPTATION).withFacts(null, null, null, "mqtt", null, null,
                "fan-311");
        return dispatcher.run(command, fan, path, value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                "./GwMO/DevInventory/fan-1/Tree/" + path);
    }

    private static String value(TreeResult r) {
        assertEquals(200, r.status(), String.valueOf(r));
        return new String(r.values().get(0).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void telemetryIsReadWhileFreshAndIsAnErrorOnceStale() throws Exception {
        AtomicInteger published = new AtomicInteger();
        ScheduledExecutorService telemetry = Executors.newSingleThreadScheduledExecutor();
        telemetry.scheduleAtFixedRate(() -> { // the device reports on its own schedule, not retained
            try {
                device.publish("site/fan-1/telemetry", ("{\"temp\":21.5,\"rpm\":" + published.incrementAndGet()
                        + "}").getBytes(StandardCharsets.UTF_8), 0, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            assertEquals("21.5", value(run("Get", "Temperature", null)), "the first Get waits for the next message");
            assertEquals("21.5", value(run("Get", "Temperature", null)), "fresh: what the device last published");
        } finally {
            telemetry.shutdownNow();
        }
        assertTrue(telemetry.awaitTermination(5, TimeUnit.SECONDS));
        Thread.sleep(1200); // older than max-age 1s, and the device says nothing more
        TreeResult stale = run("Get", "Temperature", null);
        assertEquals(500, stale.status());
        assertTrue(stale.reason().contains("max-age"), stale.reason());
    }

    @Test
    void getAndReplaceGoByRequestAndReplyOnTheCommandAndReplyTopics() throws Exception {
        assertEquals("1400", value(run("Get", "Rpm", null)));
        assertEquals(200, run("Replace", "Rpm", "1500").status());
        assertEquals("1500", value(run("Get", "Rpm", null)));
        String set = commands.stream().filter(c -> c.contains("\"set\"")).findFirst().orElseThrow();
        assertTrue(set.matches("\\{\"id\":\"[0-9a-f]+-[0-9a-z]+\",\"cmd\":\"set\",\"rpm\":1500}"), set);

        TreeResult refused = run("Replace", "Rpm", "5000");
        assertEquals(500, refused.status(), "the device answered ok:false");
        assertEquals("1500", value(run("Get", "Rpm", null)));
    }

    @Test
    void concurrentRequestsAreMatchedToTheirRepliesByTheEchoedId() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int n = 0; n < 64; n++) {
                byte[] body = ("{\"id\":\"${requestId}\",\"cmd\":\"get\",\"n\":" + n + "}")
                        .getBytes(StandardCharsets.UTF_8);
                AdapterTransport.Request r = new AdapterTransport.Request("Get", "fan-1", "mqtt", "Rpm",
                        "site/fan-1/cmd?reply=site/fan-1/reply&correlation=/id&broker=legacy", "int",
                        "application/json", "fan-311", body);
                answers.add(callers.submit(() -> new String(adapter.handle(r).body(), StandardCharsets.UTF_8)));
            }
            for (int n = 0; n < 64; n++) {
                assertEquals(n, JSON.readTree(answers.get(n).get()).path("rpm").asInt(), "request " + n);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aPointWithoutAReplyTopicOnAn311BrokerSaysWhatItNeeds() {
        AdapterTransport.Request r = new AdapterTransport.Request("Get", "fan-1", "mqtt", "Rpm",
                "site/fan-1/value?broker=legacy", "int", "text/plain", "fan-311", null);
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> adapter.handle(r));
        assertTrue(e.getMessage().contains("3.1.1") && e.getMessage().contains("reply"), e.getMessage());
        assertTrue(adapter.problem("site/x?broker=elsewhere").orElseThrow().contains("elsewhere"));
        assertTrue(adapter.problem("site/x?correlation=/id").orElseThrow().contains("reply"));
        assertTrue(adapter.problem("site/x?qos=3").orElseThrow().contains("qos"));
        assertTrue(adapter.problem("site/x?max-age=soon").orElseThrow().contains("duration"));
    }
}
