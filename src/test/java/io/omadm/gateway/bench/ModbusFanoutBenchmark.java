package io.omadm.gateway.bench;

import static io.restassured.RestAssured.given;

import io.omadm.gateway.demo.SimulatedPlc;
import io.omadm.gateway.testing.GatewayProcess;
import io.restassured.http.ContentType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Fanout to PLCs (issue 6): 1,000 register writes spread over 10 Modbus TCP slaves (j2mod, 100 devices of the
 * modbus-demo type on each), one Replace of Speed fanned out through /api/v1/fanouts to the gateway running as its own
 * process ({@code mvn package} first); timed from the request to the job's completion. PLC4X talks to each slave one
 * request at a time, as the adapter must. Run: {@code mvn -Pbench verify -Dbench.include=ModbusFanoutBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class ModbusFanoutBenchmark {

    static final int SLAVES = 10;
    static final int PER_SLAVE = 100;

    private final List<SimulatedPlc> slaves = new ArrayList<>();
    private GatewayProcess gateway;
    private String base;
    private final AtomicInteger jobs = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path adapters = Files.createTempDirectory("bench-modbus");
        Files.createDirectories(adapters.resolve("profiles"));
        Files.copy(Path.of("adapters/modbus.yaml"), adapters.resolve("modbus.yaml"));
        StringBuilder profile = new StringBuilder(Files.readString(Path.of("adapters/profiles/modbus-demo.yaml")))
                .append("devices:\n");
        for (int s = 0; s < SLAVES; s++) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            SimulatedPlc plc = new SimulatedPlc(port);
            String address = plc.start();
            slaves.add(plc);
            for (int d = 0; d < PER_SLAVE; d++) {
                profile.append("  - devId: plc-").append(s).append('-').append(d).append("\n    address: ")
                        .append(address).append('\n');
            }
        }
        Files.writeString(adapters.resolve("profiles/modbus-demo.yaml"), profile);
        gateway = GatewayProcess.start(Map.of(
                "gateway.data-dir", Files.createTempDirectory("bench-data").toString(),
                "gateway.adapters.dir", adapters.toString(),
                "gateway.notification.udp-port", "0",
                "quarkus.log.level", "WARN"));
        base = "http://127.0.0.1:" + gateway.httpPort();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (given().get(base + "/api/v1/devices?limit=1").then().extract().<Integer>path("total")
                        == SLAVES * PER_SLAVE) {
                    break;
                }
            } catch (Exception notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not come up with the PLCs:\n" + gateway.log());
            }
            Thread.sleep(500);
        }
    }

    @Benchmark
    public int registerWrites() throws Exception {
        String id = "modbus-" + jobs.incrementAndGet();
        given().contentType(ContentType.JSON).body(Map.of("id", id, "targets", Map.of("filter",
                Map.of("model", "PLC-1")), "commands", List.of(Map.of("op", "Replace", "path", "Speed",
                "data", Integer.toString(1000 + jobs.get()))), "timeoutSeconds", 300))
                .post(base + "/api/v1/fanouts").then().statusCode(202);
        while (true) {
            Map<String, Object> job = given().get(base + "/api/v1/fanouts/" + id).then().extract().path("");
            if (!"running".equals(job.get("status"))) {
                @SuppressWarnings("unchecked")
                Map<String, Integer> counts = (Map<String, Integer>) job.get("counts");
                if (!Integer.valueOf(SLAVES * PER_SLAVE).equals(counts.get("200"))) {
                    throw new IllegalStateException("fanout " + id + " ended " + job);
                }
                return counts.get("200");
            }
            Thread.sleep(5);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gateway.close();
        for (SimulatedPlc plc : slaves) {
            plc.close();
        }
    }
}
