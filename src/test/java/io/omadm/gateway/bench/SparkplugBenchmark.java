package io.omadm.gateway.bench;

import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import io.omadm.gateway.adaptation.mqtt.NoDelaySocketFactory;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import io.omadm.gateway.testing.sparkplug.EdgeNodeFleet;
import io.omadm.gateway.testing.sparkplug.EdgeNodeSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
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
 * The gateway as a Sparkplug B host at site scale (issue 23): {@value #NODES} edge nodes of {@value #DEVICES} devices
 * of {@value #METRICS} metrics each (5,000 devices) on mosquitto, the gateway its own process ({@code -Xmx256m}, the
 * packaged jar: {@code mvn package} first). {@code gatewayIngest}: {@value #ROUNDS} DDATA of every device (its 19
 * changing metrics by alias) published as fast as the fleet can, timed until the gateway counted them all
 * ({@code gateway_sparkplug_messages_total}); {@code plainSubscriber}: the same messages on a group the gateway does
 * not hear, timed until one Paho client subscribed to it has received and decoded them all. {@code fanoutReplace}: one
 * DM Replace of SetPoint fanned out to the 5,000 devices through /api/v1/fanouts, timed until the job is complete and
 * the edge nodes have received every DCMD; {@code rawDcmd}: the same 5,000 DCMDs published by one client. The gateway's
 * CPU (from /proc) and heap (its own meters) during each ingest run, and the time the 5,000 devices took to register,
 * are appended to target/sparkplug-bench.txt. Run: {@code mvn -Pbench verify -Dbench.include=SparkplugBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class SparkplugBenchmark {

    static final int NODES = 50;
    static final int DEVICES = 100;
    static final int METRICS = 20;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    static final String GROUP = "Bench";
    private static final Path REPORT = Path.of("target/sparkplug-bench.txt");

    private Mosquitto broker;
    private GatewayProcess gateway;
    private FanoutSite site;
    private EdgeNodeFleet fleet;
    private MqttAsyncClient plain;
    private final AtomicLong plainMessages = new AtomicLong();
    private final AtomicLong plainMetrics = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();
    private int jobs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        // a site broker in front of a high-volume host keeps what its subscribers have not read yet (mosquitto's
        // default drops QoS 0 messages beyond 1,000 queued): the time to drain a burst is then the consumer's rate
        broker = Mosquitto.with("max_queued_messages 0\nmax_inflight_messages 0\n");
        gateway = GatewayProcess.start(Map.of("gateway.data-dir", TempPaths.dir("bench-data").toString(),
                "gateway.notification.udp-port", "0", "quarkus.log.level", "WARN",
                "gateway.mqtt.url", broker.url(), "gateway.sparkplug.enabled", "true",
                "gateway.sparkplug.host-id", "bench-host", "gateway.sparkplug.groups", GROUP + ",First0,First1,First2,First3,First4",
                "gateway.fanout.threads", "64"));
        gateway.awaitOk("/q/health/ready");
        fleet = new EdgeNodeFleet(broker.url(), GROUP, NODES, DEVICES, METRICS);
        long start = System.nanoTime();
        fleet.connect();
        site = FanoutSite.around(gateway, NODES * (DEVICES + 1));
        report("registration of %d nodes and %d devices of %d metrics: %d ms%n", NODES, NODES * DEVICES, METRICS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        reportFirstBirths();
        plain = new MqttAsyncClient(broker.url(), "plain-subscriber", new MemoryPersistence());
        plain.setCallback(new MqttCallbackAdapter() {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                plainMetrics.addAndGet(Payload.parseFrom(message.getPayload()).getMetricsCount());
                plainMessages.incrementAndGet();
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(new NoDelaySocketFactory());
        plain.connect(o).waitForCompletion(10_000);
        plain.subscribe(new String[] {"spBv1.0/Plain/#"}, new int[] {0}).waitForCompletion(10_000);
    }

    /**
     * How soon one edge node's two devices are in the inventory (the API; ./GwMO/DevInventory reads the same records)
     * after it connects and publishes its births (the issue asks: within 1 s), on the gateway that holds the fleet's
     * 5,050 already. Five nodes, one after the other.
     */
    private void reportFirstBirths() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (EdgeNodeSimulator one = new EdgeNodeSimulator(broker.url(), "First" + i, "line-1",
                    List.of("press-1", "press-2"))) {
                long start = System.nanoTime();
                one.connect();
                URI second = URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/devices/spb:First" + i
                        + ":line-1:press-2");
                while (http.send(HttpRequest.newBuilder(second).header("Authorization",
                        GatewayProcess.authorization()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() != 200) {
                    awaitOrFail(start, "the first node's devices were not registered");
                }
                report("one edge node's births to its devices in the inventory: %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
    }

    @Benchmark
    public long gatewayIngest() throws Exception {
        long before = scrape("gateway_sparkplug_messages_total");
        long metricsBefore = scrape("gateway_sparkplug_metrics_total");
        long cpuBefore = cpuTicks();
        long start = System.nanoTime();
        long sent = fleet.publishData(ROUNDS, null);
        long heap = 0;
        while (scrape("gateway_sparkplug_messages_total") < before + sent) {
            heap = Math.max(heap, scrape("jvm_memory_used_bytes{area=\"heap\""));
            awaitOrFail(start, "the gateway counted " + (scrape("gateway_sparkplug_messages_total") - before)
                    + " of " + sent + " messages");
        }
        long nanos = System.nanoTime() - start;
        double cpu = (cpuTicks() - cpuBefore) * 10.0 / TimeUnit.NANOSECONDS.toMillis(nanos) * 100;
        long metrics = scrape("gateway_sparkplug_metrics_total") - metricsBefore;
        report("gateway: %d messages (%d metrics) in %d ms = %.0f metrics/s; gateway CPU %.0f %% (of 200), heap "
                + "used up to %d MB; rebirths asked so far %d%n", sent, metrics,
                TimeUnit.NANOSECONDS.toMillis(nanos), metrics * 1e9 / nanos, cpu, heap >> 20,
                scrape("gateway_sparkplug_rebirths_total"));
        return sent;
    }

    @Benchmark
    public long plainSubscriber() throws Exception {
        long before = plainMessages.get();
        long metricsBefore = plainMetrics.get();
        long start = System.nanoTime();
        long sent = fleet.publishData(ROUNDS, "Plain");
        while (plainMessages.get() < before + sent) {
            awaitOrFail(start, "the plain subscriber received " + (plainMessages.get() - before) + " of " + sent);
        }
        long nanos = System.nanoTime() - start;
        report("plain subscriber: %d messages (%d metrics) in %d ms = %.0f metrics/s%n", sent,
                plainMetrics.get() - metricsBefore, TimeUnit.NANOSECONDS.toMillis(nanos),
                (plainMetrics.get() - metricsBefore) * 1e9 / nanos);
        return sent;
    }

    @Benchmark
    public long fanoutReplace() throws Exception {
        long before = fleet.commandsReceived();
        long start = System.nanoTime();
        site.replaceOnModel("spb-" + ++jobs, EdgeNodeFleet.MODEL, "SetPoint", String.valueOf(jobs),
                NODES * DEVICES);
        while (fleet.commandsReceived() < before + NODES * DEVICES) {
            awaitOrFail(start, "the edge nodes received " + (fleet.commandsReceived() - before) + " DCMDs");
        }
        return NODES * DEVICES;
    }

    @Benchmark
    public long rawDcmd() throws Exception {
        long before = fleet.commandsReceived();
        long start = System.nanoTime();
        ++jobs;
        for (int n = 0; n < NODES; n++) {
            for (int d = 0; d < DEVICES; d++) {
                MqttMessage m = new MqttMessage(fleet.setPointCommand(d, jobs));
                m.setQos(0);
                plain.publish(fleet.commandTopic(n, d), m);
            }
        }
        while (fleet.commandsReceived() < before + NODES * DEVICES) {
            awaitOrFail(start, "the edge nodes received " + (fleet.commandsReceived() - before) + " DCMDs");
        }
        return NODES * DEVICES;
    }

    private static void awaitOrFail(long start, String what) throws InterruptedException {
        if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(300)) {
            throw new IllegalStateException("not done after 300 s: " + what);
        }
        Thread.sleep(5);
    }

    /** A meter of the gateway's /q/metrics (the first line starting with the name), 0 when absent. */
    private long scrape(String name) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(site.base() + "/q/metrics"))
                .header("Authorization", GatewayProcess.authorization()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (!name.contains("{")) {
                    break;
                }
            }
        }
        return (long) sum;
    }

    /** The gateway process's user + system CPU time, in clock ticks (1/100 s). */
    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + gateway.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static void report(String format, Object... args) throws IOException {
        String line = String.format(format, args);
        System.out.print(line);
        Files.writeString(REPORT, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        plain.disconnect().waitForCompletion(5_000);
        plain.close();
        fleet.close();
        site.close();
        broker.close();
    }
}
