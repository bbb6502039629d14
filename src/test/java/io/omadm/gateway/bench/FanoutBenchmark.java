package io.omadm.gateway.bench;

import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import io.omadm.gateway.adaptation.mqtt.NoDelaySocketFactory;
import io.omadm.gateway.adaptation.mqtt.PublishWindow;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
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
 * Fanout at fleet scale (issue 6): 10,000 MQTT 5 devices answered by a fleet of {@value #FLEET} client connections (a
 * shared subscription) on mosquitto; the gateway runs as its own process with {@code -Xmx256m} (the packaged jar:
 * {@code mvn package} first). {@code fanout}: one Replace fanned out to all 10,000 through /api/v1/fanouts, timed from
 * the request to the job's completion (when its FanoutComplete alert is queued). {@code rawMqtt}: the same 10,000
 * request/response exchanges through the same broker and fleet, from one client with as many in flight as the
 * gateway's fanout has ({@value #IN_FLIGHT}), without the gateway. Fleet, raw client and gateway all publish QoS 1
 * within the broker's Receive Maximum, over sockets without Nagle's delay. Run:
 * {@code mvn -Pbench verify -Dbench.include=FanoutBenchmark}. Needs Debian's mosquitto.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 12) // the first run attaches every device; the JIT was measured still compiling up to the 11th
@Measurement(iterations = 5)
@Fork(1)
public class FanoutBenchmark {

    static final int DEVICES = 10_000;
    static final int FLEET = 4;
    /** Exchanges outstanding at once: the gateway's fanout threads, and the raw client's window (-Dbench.inflight). */
    static final int IN_FLIGHT = Integer.getInteger("bench.inflight", 512);

    private Mosquitto broker;
    private final List<Fleet> fleet = new ArrayList<>();
    private FanoutSite site;
    private Client raw;
    private final Map<String, Runnable> rawPending = new ConcurrentHashMap<>();
    private final AtomicInteger jobs = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        broker = new Mosquitto();
        String url = broker.url();
        for (int i = 0; i < FLEET; i++) {
            fleet.add(new Fleet(url, "fleet-" + i));
        }
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add("devId: dev-" + i);
        }
        site = FanoutSite.start("mqtt", "mqtt-demo", devices, Map.of("gateway.mqtt.url", url,
                "gateway.fanout.threads", String.valueOf(IN_FLIGHT), "gateway.fanout.per-broker", String.valueOf(IN_FLIGHT),
                "gateway.adapters.concurrency", String.valueOf(IN_FLIGHT), "gateway.adapters.timeout", "30s"));
        raw = new Client(url, "raw-bench", (topic, m) -> {
            Runnable answered = rawPending.remove(HexFormat.of().formatHex(m.getProperties().getCorrelationData()));
            if (answered != null) {
                answered.run();
            }
        });
        raw.mqtt.subscribe("bench/raw-reply", 1).waitForCompletion(10_000);
    }

    @Benchmark
    public int fanout() throws Exception {
        return site.replaceOnModel("bench-" + jobs.incrementAndGet(), "MQTT-TH", "SetPoint", "65", DEVICES);
    }

    @Benchmark
    public int rawMqtt() throws Exception {
        Semaphore outstanding = new Semaphore(IN_FLIGHT);
        CountDownLatch all = new CountDownLatch(DEVICES);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < DEVICES; i++) {
            outstanding.acquire();
            byte[] correlation = new byte[12];
            random.nextBytes(correlation);
            rawPending.put(HexFormat.of().formatHex(correlation), () -> {
                outstanding.release();
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
        raw.close();
        for (Fleet f : fleet) {
            f.close();
        }
        site.close();
        broker.close();
    }

    private interface Arrived {
        void on(String topic, MqttMessage m) throws Exception;
    }

    /** An asynchronous MQTT 5 connection publishing QoS 1 within the broker's Receive Maximum. */
    private static class Client implements AutoCloseable {
        final MqttAsyncClient mqtt;
        private final PublishWindow window = new PublishWindow();

        Client(String url, String id, Arrived arrived) throws MqttException {
            mqtt = new MqttAsyncClient(url, id, new MemoryPersistence());
            mqtt.setCallback(new MqttCallbackAdapter() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    arrived.on(topic, message);
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setReceiveMaximum(1000);
            o.setSocketFactory(new NoDelaySocketFactory());
            IMqttToken connected = mqtt.connect(o);
            connected.waitForCompletion(10_000);
            window.size(connected.getResponseProperties().getReceiveMaximum());
        }

        void publish(String topic, MqttMessage m) throws Exception {
            // runs on Paho's thread: report, do not throw (the exchange then times out and the run fails)
            window.publish(mqtt, topic, m, e -> System.err.println("publish on " + topic + " failed: " + e));
        }

        @Override
        public void close() throws MqttException {
            mqtt.disconnect().waitForCompletion(5000);
            mqtt.close();
        }
    }

    /**
     * A fleet connection: answers every setpoint request it is given (shared subscription) at once. Answers are
     * published from a thread of its own, as when publishing could wait for a slot, so that figures compare with
     * earlier runs.
     */
    private static final class Fleet implements AutoCloseable {
        private final ExecutorService answers = Executors.newSingleThreadExecutor();
        private final Client client;

        Fleet(String url, String id) throws MqttException {
            client = new Client(url, id, (topic, request) -> answers.execute(() -> answer(topic, request)));
            try {
                client.mqtt.subscribe("$share/fleet/plant/+/setpoint/+", 1).waitForCompletion(10_000);
            } catch (MqttException e) {
                client.close();
                throw e;
            }
        }

        private void answer(String topic, MqttMessage request) {
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
            try {
                client.publish(in.getResponseTopic(), reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws MqttException {
            answers.shutdownNow();
            client.close();
        }
    }
}
