package io.omadm.gateway.bench;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.modbus.ModbusAdapter;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.GatewayProcess;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Modbus Get, one at a time, on loopback against a j2mod TCP slave holding 125 registers, side by side in one run:
 * <ul>
 *   <li>{@code directRead}: j2mod's own master reading one register (the floor);</li>
 *   <li>{@code adapterGet}: the gateway's modbus adapter in this JVM (bus queue, turn, value conversion);</li>
 *   <li>{@code apiGet}: through the gateway running as its own process (the packaged jar: {@code mvn package}
 *       first), {@code GET /api/v1/devices/plc-0/tree/Speed} on a kept-alive HTTP connection: authentication, the
 *       dispatcher, the Camel adapter route, the adapter;</li>
 *   <li>{@code adapter125Together} and {@code direct125OneByOne}: 125 adjacent registers read by Gets 16 at a time
 *       (as many as a device's queue takes; the bus joins those that wait together) against 125 direct
 *       single-register reads one after another: 125 / score is registers a second.</li>
 * </ul>
 * Run: {@code mvn -Pbench verify -Dbench.include=ModbusLatencyBenchmark} (results in target/jmh-result.txt).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModbusLatencyBenchmark {

    private static final int REGISTERS = 125;

    private ModbusSlave slave;
    private ModbusTCPMaster direct;
    private ModbusAdapter adapter;
    private FanoutSite site;
    private HttpClient http;
    private HttpRequest apiGet;
    private String device;
    private final ExecutorService callers = Executors.newFixedThreadPool(REGISTERS);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        int port = FreePort.forChildProcess();
        SimpleProcessImage image = new SimpleProcessImage();
        for (int i = 0; i < REGISTERS; i++) {
            image.addRegister(new SimpleRegister(1500 + i));
        }
        image.addInputRegister(new SimpleInputRegister(215));
        image.addDigitalOut(new SimpleDigitalOut(false));
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 8, false);
        slave.addProcessImage(1, image);
        slave.open();
        device = "127.0.0.1:" + port;
        direct = new ModbusTCPMaster("127.0.0.1", port, 2000, false, false);
        direct.connect();
        adapter = new ModbusAdapter(Duration.ofSeconds(2), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
        site = FanoutSite.start("modbus", "modbus-demo", List.of("{devId: plc-0, address: \"" + device + "\"}"),
                Map.of());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        apiGet = HttpRequest.newBuilder(URI.create(site.base() + "/api/v1/devices/plc-0/tree/Speed"))
                .header("Authorization", GatewayProcess.authorization()).GET().build();
        // the gateway is a fresh JVM: its request path is compiled before anything is measured
        for (int i = 0; i < 20_000; i++) {
            apiGet();
        }
    }

    @Benchmark
    public int directRead() throws Exception {
        return direct.readMultipleRegisters(1, 0, 1)[0].getValue();
    }

    @Benchmark
    public byte[] adapterGet() throws Exception {
        return get(1);
    }

    @Benchmark
    public String apiGet() throws Exception {
        HttpResponse<String> r = http.send(apiGet, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("1500")) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Benchmark
    public int adapter125Together() throws Exception {
        List<Future<byte[]>> reads = new ArrayList<>(REGISTERS);
        Semaphore window = new Semaphore(16); // as many as the device's queue takes
        for (int i = 1; i <= REGISTERS; i++) {
            int register = i;
            window.acquire();
            reads.add(callers.submit(() -> {
                try {
                    return get(register);
                } finally {
                    window.release();
                }
            }));
        }
        int sum = 0;
        for (Future<byte[]> r : reads) {
            sum += r.get().length;
        }
        return sum;
    }

    @Benchmark
    public int direct125OneByOne() throws Exception {
        int sum = 0;
        for (int i = 0; i < REGISTERS; i++) {
            sum += direct.readMultipleRegisters(1, i, 1)[0].getValue();
        }
        return sum;
    }

    private byte[] get(int register) throws Exception {
        var r = adapter.handle(new Request("Get", "plc-0", "modbus", "Speed", device + "|holding-register:" + register
                + ":INT", "int", "text/plain", "modbus-demo", null));
        if (r.dmStatus() != 200) {
            throw new IllegalStateException("Get answered " + r.dmStatus());
        }
        return r.body();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        callers.shutdownNow();
        adapter.close();
        direct.disconnect();
        site.close();
        ModbusSlaveFactory.close(slave);
    }
}
