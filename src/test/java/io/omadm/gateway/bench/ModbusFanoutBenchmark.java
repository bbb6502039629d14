package io.omadm.gateway.bench;

import io.omadm.gateway.demo.SimulatedPlc;
import java.net.ServerSocket;
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
    private FanoutSite site;
    private final AtomicInteger jobs = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        List<String> devices = new ArrayList<>();
        for (int s = 0; s < SLAVES; s++) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            SimulatedPlc plc = new SimulatedPlc(port);
            String address = plc.start();
            slaves.add(plc);
            for (int d = 0; d < PER_SLAVE; d++) {
                devices.add("{devId: plc-" + s + "-" + d + ", address: \"" + address + "\"}");
            }
        }
        site = FanoutSite.start("modbus", "modbus-demo", devices, Map.of());
    }

    @Benchmark
    public int registerWrites() throws Exception {
        int n = jobs.incrementAndGet();
        return site.replaceOnModel("modbus-" + n, "PLC-1", "Speed", Integer.toString(1000 + n), SLAVES * PER_SLAVE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        site.close();
        for (SimulatedPlc plc : slaves) {
            plc.close();
        }
    }
}
