package io.omadm.gateway.bench;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Southbound DM sessions per second (issue 7): {@value #DEVICES} proxy-mode DM devices (the test simulator, MD5 both
 * ways) each run one whole session with the gateway on loopback, {@value #CONCURRENT} at a time: Package 1 (Alert,
 * DevInfo, credentials), the gateway's Package 2 with the device's 10 queued commands (5 Get, 5 Replace), the
 * device's Package 3 (Status and Results, stored by the gateway), the gateway's closing message. The gateway runs as
 * its own process ({@code -Xmx256m}, the packaged jar: {@code mvn package} first; H2 file); the devices speak
 * HTTP/1.1 from a blocking client on their own thread, as embedded DM clients do. The commands are queued
 * through the operator API before each measured run, outside the time. Score: the time for all the sessions; sessions
 * per second = {@value #DEVICES} / score. Run: {@code mvn -Pbench verify -Dbench.include=ProxySessionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 5)
// the devices keep one connection each alive (the JDK keeps 5 per server unless told)
@Fork(value = 1, jvmArgsAppend = "-Dhttp.maxConnections=64")
public class ProxySessionBenchmark {

    static final int DEVICES = 1000;
    static final int CONCURRENT = 32;
    static final int COMMANDS = 10;

    @Param({"WBXML", "XML"})
    public Encoding encoding;

    private GatewayProcess gateway;
    private String base;
    private final List<SimulatedDmDevice> devices = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        gateway = GatewayProcess.start(Map.of("gateway.data-dir", TempPaths.dir("bench-data").toString(),
                "gateway.notification.udp-port", "0", "quarkus.log.level", "WARN",
                "quarkus.log.category.\"io.omadm.gateway.southbound\".level", "WARN"));
        gateway.awaitOk("/q/health/ready");
        base = "http://127.0.0.1:" + gateway.httpPort();
        pool = Executors.newFixedThreadPool(CONCURRENT);
        String enc = encoding.name().toLowerCase(Locale.ROOT);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String devId = "bench-" + enc + "-" + i;
            SimulatedDmDevice d = new SimulatedDmDevice(devId, encoding).http11().withAccount(new Account(AuthType.MD5,
                    devId, "dev-secret-" + i, "gw-bench", "gw-secret-" + i));
            for (int k = 0; k < COMMANDS / 2; k++) {
                d.tree.put("./App/V" + k, Integer.toString(k));
            }
            devices.add(d);
            post("/api/v1/devices", "{\"devId\":\"" + devId + "\",\"mode\":\"proxy\"}", 201);
            put("/api/v1/devices/" + devId + "/account", "{\"authType\":\"md5\",\"clientName\":\"" + devId
                    + "\",\"clientSecret\":\"dev-secret-" + i + "\",\"serverId\":\"gw-bench\",\"serverSecret\":"
                    + "\"gw-secret-" + i + "\"}");
        }
    }

    /** Ten commands for every device, queued through the operator API, not timed. */
    @Setup(Level.Iteration)
    public void queueCommands() throws Exception {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (SimulatedDmDevice d : devices) {
            String devId = d.tree.get("./DevInfo/DevId");
            for (int k = 0; k < COMMANDS; k++) {
                String body = k % 2 == 0 ? "{\"op\":\"Get\",\"path\":\"./App/V" + (k / 2) + "\"}"
                        : "{\"op\":\"Replace\",\"path\":\"./App/V" + (k / 2) + "\",\"data\":\"" + k + "\"}";
                inFlight.acquire();
                all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/" + devId
                        + "/commands")).header("Content-Type", "application/json")
                        .header("Authorization", GatewayProcess.authorization())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> inFlight.release()));
            }
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            if (f.get().statusCode() != 202) {
                throw new IllegalStateException("queueing a command: " + f.get().statusCode() + " " + f.get().body());
            }
        }
    }

    @Benchmark
    public int sessions() throws Exception {
        List<Future<Integer>> runs = new ArrayList<>();
        for (SimulatedDmDevice d : devices) {
            runs.add(pool.submit(() -> {
                int before = d.receivedOutsideDmAcc().size();
                d.session(base + "/dm");
                int got = d.receivedOutsideDmAcc().size() - before;
                if (got != COMMANDS) {
                    throw new IllegalStateException(d.tree.get("./DevInfo/DevId") + " got " + got + " commands, not "
                            + COMMANDS);
                }
                return 1;
            }));
        }
        int done = 0;
        for (Future<Integer> f : runs) {
            done += f.get(120, TimeUnit.SECONDS);
        }
        return done;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pool.shutdownNow();
        gateway.close();
    }

    private void post(String path, String json, int expected) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), expected);
    }

    private void put(String path, String json) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), 200);
    }

    private void send(HttpRequest r, int expected) throws Exception {
        HttpRequest signed = HttpRequest.newBuilder(r, (name, value) -> true)
                .header("Authorization", GatewayProcess.authorization()).build();
        HttpResponse<String> res = http.send(signed, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != expected) {
            throw new IllegalStateException(r.method() + " " + r.uri() + ": " + res.statusCode() + " " + res.body());
        }
    }
}
