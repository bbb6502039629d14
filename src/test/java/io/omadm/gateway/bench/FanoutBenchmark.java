package io.omadm.gateway.bench;

import io.omadm.gateway.testing.mqtt.MqttBrokerResource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fanout at fleet scale (issue 6): 10,000 MQTT 5 devices answered by a fleet of 4 client connections (a shared
 * subscription) on mosquitto; the gateway runs as its own process with {@code -Xmx256m} (the packaged jar:
 * {@code mvn package} first). {@code fanout}: one Replace fanned out to all 10,000 through /api/v1/fanouts, timed from
 * the request to the job's completion (when its FanoutComplete alert is queued). {@code rawMqtt}: the same 10,000
 * request/response exchanges through the same broker and fleet, from one client with 16 in flight, without the
 * gateway. Run: {@code mvn -Pbench verify -Dbench.include=FanoutBenchmark}. Needs Debian's mosquitto.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class FanoutBenchmark {

    static final int DEVICES = 10_000;
    static final int FLEET = 4;
    /** Exchanges outstanding at once in the raw run (QoS 1 publishes beyond the broker's 20 are refused). */
    static final int IN_FLIGHT = 16;

    private MqttBrokerResource broker;
    private final List<MqttClient> fleet = new ArrayList<>();
    private FanoutSite site;
    private MqttClient raw;
    private final Map<String, Runnable> rawPending = new ConcurrentHashMap<>();
    private final AtomicInteger jobs = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        broker = new MqttBrokerResource();
        String url = broker.start().get("gateway.mqtt.url");
        for (int i = 0; i < FLEET; i++) {
            fleet.add(fleetClient(url, "fleet-" + i));
        }
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add("devId: dev-" + i);
        }
        site = FanoutSite.start("mqtt", "mqtt-demo", devices, Map.of("gateway.mqtt.url", url,
                "gateway.fanout.threads", "128", "gateway.adapters.timeout", "30s"));
        raw = new MqttClient(url, "raw-bench", new MemoryPersistence());
        raw.setCallback(new Callback((topic, m) -> {
            Runnable answered = rawPending.remove(HexFormat.of().formatHex(m.getProperties().getCorrelationData()));
            if (answered != null) {
                answered.run();
            }
        }));
        raw.connect();
        raw.subscribe("bench/raw-reply", 1);
    }

    /** A fleet connection: answers every setpoint request it is given (shared subscription) at once. */
    private static MqttClient fleetClient(String url, String id) throws MqttException {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        c.setCallback(new Callback((topic, request) -> {
            MqttProperties in = request.getProperties();
            if (in == null || in.getResponseTopic() == null) {
                return;
            }
            MqttMessage reply = new MqttMessage(topic.endsWith("/get") ? "50".getBytes(StandardCharsets.UTF_8)
                    : new byte[0]);
            MqttProperties out = new MqttProperties();
            out.setCorrelationData(in.getCorrelationData());
            reply.setProperties(out);
            reply.setQos(1);
            c.publish(in.getResponseTopic(), reply);
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setReceiveMaximum(1000);
        c.connect(o);
        c.subscribe("$share/fleet/plant/+/setpoint/+", 1);
        return c;
    }

    @Benchmark
    public int fanout() throws Exception {
        return site.replaceOnModel("bench-" + jobs.incrementAndGet(), "MQTT-TH", "SetPoint", "65", DEVICES);
    }

    @Benchmark
    public int rawMqtt() throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        CountDownLatch all = new CountDownLatch(DEVICES);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < DEVICES; i++) {
            window.acquire();
            byte[] correlation = new byte[12];
            random.nextBytes(correlation);
            rawPending.put(HexFormat.of().formatHex(correlation), () -> {
                window.release();
                all.countDown();
            });
            MqttMessage m = new MqttMessage("65".getBytes(StandardCharsets.UTF_8));
            MqttProperties p = new MqttProperties();
            p.setResponseTopic("bench/raw-reply");
            p.setCorrelationData(correlation);
            m.setProperties(p);
            m.setQos(1); // as the gateway's mqtt adapter sends its requests
            raw.publish("plant/dev-" + i + "/setpoint/set", m);
        }
        if (!all.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("raw exchanges did not all complete");
        }
        return DEVICES;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        raw.disconnect();
        for (MqttClient c : fleet) {
            c.disconnect();
        }
        site.close();
        broker.stop();
    }

    private interface Arrived {
        void on(String topic, MqttMessage m) throws Exception;
    }

    private record Callback(Arrived arrived) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            arrived.on(topic, message);
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
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
