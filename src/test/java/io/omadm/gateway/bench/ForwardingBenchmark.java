package io.omadm.gateway.bench;

import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.notification.Package0Verifier;
import io.omadm.gateway.notification.RecentDigests;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.transparent.TriggerForwarder;
import io.omadm.gateway.transparent.camel.CamelNotificationDelivery;
import io.omadm.gateway.transparent.camel.UdpNotificationSender;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Transparent mode's forwarding rate (issue 8): Package 0 notifications, each distinct, checked (device in the H2
 * inventory, server account, MD5 digest, replay window) and sent over UDP through the gateway's own
 * transparent-deliver route to a device socket on loopback that drains them; 100 transparent devices.
 * checkOnlyOneThread is the same without the delivery.
 * Run: {@code mvn -Pbench verify -Dbench.include=ForwardingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class ForwardingBenchmark {

    private static final Secret SERVER = new Secret("dm.bench", "srv-secret");
    private static final byte[] NONCE = "bench-nonce".getBytes(StandardCharsets.US_ASCII);
    private static final int DEVICES = 100;
    private static final int NOTIFICATIONS = 400_000;

    private Database db;
    private CamelContext camel;
    private DatagramSocket device;
    private Thread drain;
    private TriggerForwarder forwarder;
    private byte[][] notifications;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        db = Database.open(Database.h2Url(TempPaths.dir("fwd")), "sa", "", 8);
        Inventory inventory = new Inventory(
                new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey()), Clock.systemUTC(),
                Duration.ofMinutes(5), () -> Mode.TRANSPARENT);
        device = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        device.setReceiveBufferSize(4 << 20);
        for (int i = 0; i < DEVICES; i++) {
            inventory.register(new Registration("td-" + i, null, null, null, Mode.TRANSPARENT, null,
                    "127.0.0.1:" + device.getLocalPort(), null, null, Set.of(), null, null));
        }
        drain = new Thread(() -> {
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!device.isClosed()) {
                try {
                    device.receive(p);
                    received.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        }, "device");
        drain.start();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("udpNotificationSender", new UdpNotificationSender());
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/transparent.yaml"));
        camel.start();
        Package0Verifier verifier = new Package0Verifier(id -> id.equals(SERVER.username())
                ? Optional.of(new Package0Verifier.Account(SERVER, NONCE)) : Optional.empty());
        forwarder = new TriggerForwarder(inventory, verifier, new CamelNotificationDelivery(camel.createProducerTemplate()),
                new RecentDigests(Duration.ofMinutes(5), 100_000, Clock.systemUTC()));
        checkOnly = new TriggerForwarder(inventory, verifier, (t, n) -> { },
                new RecentDigests(Duration.ofMinutes(5), 100_000, Clock.systemUTC()));
        notifications = new byte[NOTIFICATIONS][];
        for (int i = 0; i < NOTIFICATIONS; i++) { // distinct vendor bodies: no two are replays of each other
            notifications[i] = Package0.build(Package0.VERSION_1_2, 0, true, 1 + i % 0xFFFE, SERVER.username(),
                    ByteBuffer.allocate(4).putInt(i).array(), SERVER, NONCE);
        }
    }

    private TriggerForwarder checkOnly;

    @Benchmark
    @Threads(1)
    public int checkOnlyOneThread() {
        int i = next.getAndIncrement() & Integer.MAX_VALUE;
        return checkOnly.forward("td-" + i % DEVICES, notifications[i % NOTIFICATIONS], "bench").status();
    }

    @Benchmark
    @Threads(1)
    public int forwardOneThread() {
        return forward();
    }

    @Benchmark
    @Threads(4)
    public int forwardFourThreads() {
        return forward();
    }

    private int forward() {
        int i = next.getAndIncrement() & Integer.MAX_VALUE;
        TriggerForwarder.Outcome o = forwarder.forward("td-" + i % DEVICES, notifications[i % NOTIFICATIONS], "bench");
        if (o.status() != 200) {
            throw new IllegalStateException("notification " + i + ": " + o.status() + " " + o.message());
        }
        return o.status();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        System.out.println("\nforwarded " + next.get() + ", received by the device socket " + received.get());
        camel.stop();
        device.close();
        drain.join(1000);
        db.close();
    }
}
