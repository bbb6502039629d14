package io.omadm.gateway.bench;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.PostgresServer;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice.Account;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Each measured window also adds a line to target/proxy-bench.txt: sessions/s, the exchanges' p50 and p99 latency
 * as the devices saw them, the CPU time each process spent per session, and the messages' answers per commit.
 * {@code BENCH_DB=postgresql} runs the gateway on a PostgreSQL server started for the run (Debian's postgresql),
 * {@code BENCH_DB=memory} on an in-memory H2 database (nothing durable: a floor to compare with).
 * {@code BENCH_CPUS=split} pins the gateway to the first core and the devices to the second ({@code taskset}), so the
 * gateway's rate on a core of its own shows, not the devices' share of the same cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// the gateway's JIT compiler is still busy after 6 warm-ups (a third of its CPU): 15 reach its steady state
@Warmup(iterations = 15)
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
    private PostgresServer postgres;
    private String base;
    private final List<SimulatedDmDevice> devices = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private ExecutorService pool;
    private final Queue<Long> exchangeNanos = new ConcurrentLinkedQueue<>();
    /** At the window's start: gateway CPU, own CPU, answers written, answer commits, wall clock (nanoseconds). */
    private long[] windowCpu;
    private Map<String, Long> threadsAtStart = Map.of();
    private static final Path REPORT = Path.of("target/proxy-bench.txt");
    private static final boolean SPLIT_CPUS = "split".equals(System.getenv("BENCH_CPUS"));

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        Map<String, String> config = new HashMap<>(Map.of("gateway.data-dir", TempPaths.dir("bench-data").toString(),
                "gateway.notification.udp-port", "0", "quarkus.log.level", "WARN",
                "quarkus.log.category.\"io.omadm.gateway.southbound\".level", "WARN"));
        if ("postgresql".equals(System.getenv("BENCH_DB"))) {
            // the same sessions against PostgreSQL on the same two cores (fsync off, as H2 does not fsync either)
            postgres = PostgresServer.start();
            config.putAll(Map.of("gateway.db.url", postgres.jdbcUrl(), "gateway.db.user", "postgres"));
        } else if ("memory".equals(System.getenv("BENCH_DB"))) {
            // nothing durable: what the sessions cost without the store's writes, for comparison only
            config.put("gateway.db.url", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        }
        gateway = GatewayProcess.start(config);
        gateway.awaitOk("/q/health/ready");
        if (SPLIT_CPUS) {
            taskset("0", gateway.pid()); // every thread it has and will have: new threads inherit the mask
            taskset("1", ProcessHandle.current().pid());
        }
        base = "http://127.0.0.1:" + gateway.httpPort();
        pool = Executors.newFixedThreadPool(CONCURRENT);
        String enc = encoding.name().toLowerCase(Locale.ROOT);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String devId = "bench-" + enc + "-" + i;
            SimulatedDmDevice d = new SimulatedDmDevice(devId, encoding).http11().timingExchanges(exchangeNanos::add)
                    .withAccount(new Account(AuthType.MD5, devId, "dev-secret-" + i, "gw-bench", "gw-secret-" + i));
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
        startWindow();
    }

    /**
     * The measured window starts once the commands are queued. With {@code BENCH_JFR_DIR} set, a flight recording of
     * the gateway covers each window alone, so the set-up's samples stay out of the profile
     * ({@code BENCH_JFR_SETTINGS}: a .jfc file, e.g. with a shorter sampling period, instead of JFR's "profile").
     */
    private void startWindow() throws Exception {
        exchangeNanos.clear();
        threadsAtStart = threadTicks();
        windowCpu = new long[] {gatewayCpuNanos(), ownCpuNanos(), answersWritten(), answerCommits(), System.nanoTime()};
        if (System.getenv("BENCH_JFR_DIR") != null) {
            String settings = Objects.requireNonNullElse(System.getenv("BENCH_JFR_SETTINGS"), "profile");
            jcmd("JFR.start", "name=window", "settings=" + settings);
        }
    }

    /**
     * One line per measured window in target/proxy-bench.txt: sessions/s, the exchanges' latency as the devices saw
     * it, the CPU each process spent per session, and how many messages' answers shared a commit.
     */
    @TearDown(Level.Iteration)
    public void endWindow() throws Exception {
        long wall = System.nanoTime() - windowCpu[4];
        long gatewayCpu = gatewayCpuNanos() - windowCpu[0];
        long ownCpu = ownCpuNanos() - windowCpu[1];
        String dir = System.getenv("BENCH_JFR_DIR");
        if (dir != null) {
            jcmd("JFR.stop", "name=window", "filename=" + dir + "/proxy-" + encoding + "-" + System.nanoTime()
                    + ".jfr");
        }
        long[] times = exchangeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long writes = answersWritten() - windowCpu[2];
        long commits = answerCommits() - windowCpu[3];
        String line = String.format(Locale.ROOT, "%s %s %s%s sessions=%d wall_ms=%.0f sessions_per_s=%.0f exchanges=%d"
                + " exchange_ms_p50=%.2f p99=%.2f max=%.2f gateway_cpu_us_per_session=%.0f"
                + " devices_cpu_us_per_session=%.0f answer_writes_per_commit=%.1f%n", Instant.now(),
                encoding, Objects.requireNonNullElse(System.getenv("BENCH_DB"), "h2"),
                SPLIT_CPUS ? " gateway-on-cpu0-devices-on-cpu1" : "", DEVICES, wall / 1e6,
                DEVICES / (wall / 1e9),
                times.length, percentile(times, 0.50), percentile(times, 0.99),
                times.length == 0 ? 0 : times[times.length - 1] / 1e6,
                gatewayCpu / 1e3 / DEVICES, ownCpu / 1e3 / DEVICES, commits == 0 ? 0.0 : (double) writes / commits);
        Files.writeString(REPORT, line + "    gateway threads, CPU per session: " + threadsSince(threadsAtStart)
                + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** CPU ticks of the gateway's threads by name (digits dropped: one figure per pool), from /proc. */
    private Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(gateway.pid()), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+$", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name + " " + t.getFileName(), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** The pools that used the most CPU since {@code before}, in microseconds per session. */
    private String threadsSince(Map<String, Long> before) throws IOException {
        Map<String, Long> byPool = new HashMap<>();
        threadTicks().forEach((k, v) -> byPool.merge(k.substring(0, k.lastIndexOf(' ')), v - before.getOrDefault(k, 0L),
                Long::sum));
        long tickMicros = 10_000; // USER_HZ 100
        return byPool.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey() + "=" + e.getValue() * tickMicros / DEVICES).reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)]
                / 1e6;
    }

    private long gatewayCpuNanos() {
        return ProcessHandle.of(gateway.pid()).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos)
                .orElse(0L);
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long answersWritten() throws Exception {
        return metric("gateway_proxy_answers_writes_total");
    }

    private long answerCommits() throws Exception {
        return metric("gateway_proxy_answers_commits_total");
    }

    private long metric(String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                .header("Authorization", GatewayProcess.authorization()).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim())).orElse(-1L);
    }

    private void jcmd(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(gateway.pid())));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void taskset(String cpus, long pid) throws Exception {
        run(List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(pid)));
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
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
        if (postgres != null) {
            postgres.close();
        }
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
