package io.omadm.gateway.bench;

import static io.restassured.RestAssured.given;

import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * A 64 MB image sent by the DM server as a large object (issue 9): b64 chunks of 60,000 characters, one per message
 * (the gateway reads messages of up to 64 KB), each answered 213 until the last, in one server-initiated session
 * (Package 0 over HTTP) with the scripted DM server of the tests; the gateway as its own process at {@code -Xmx256m},
 * WBXML. Timed from the Package 0 to the last chunk's answer; the image must then be stored with the right hash. Run:
 * {@code mvn package && mvn -Pbench verify -Dbench.include=ImageLargeObjectBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ImageLargeObjectBenchmark {

    static final int SIZE = 64 * 1024 * 1024;
    static final int PIECE = 60_000;

    private final DmServerResource dm = new DmServerResource();
    private ScriptedDmServer server;
    private GatewayProcess gateway;
    private String b64;
    private String sha;
    private final AtomicInteger runs = new AtomicInteger();
    private int session = 0x100;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        byte[] image = new byte[SIZE];
        new Random(64).nextBytes(image);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        b64 = Base64.getEncoder().encodeToString(image);
        Map<String, String> config = new HashMap<>(dm.start());
        server = DmServerResource.server;
        config.put("gateway.data-dir", TempPaths.dir("lo-bench").toString());
        config.put("gateway.notification.udp-port", "0");
        config.put("quarkus.log.level", "WARN");
        gateway = GatewayProcess.start(config);
        gateway.awaitOk("/api/v1/images");
        Thread.sleep(3000); // the session the gateway opens at start is over
    }

    @Benchmark
    public int largeObject() throws Exception {
        String entry = GwmoNames.IMAGE_INVENTORY + "/lo-" + runs.incrementAndGet();
        List<ScriptedDmServer.Step> steps = new ArrayList<>();
        for (int off = 0; off < b64.length(); off += PIECE) {
            boolean first = off == 0;
            boolean last = off + PIECE >= b64.length();
            Command chunk = new ItemCommand(Verb.REPLACE, "1", false, null, null, null, List.of(new Item(
                    Location.of(entry + "/Data"), null, first ? Meta.format("b64").withSize((long) b64.length())
                            : Meta.format("b64"), Data.text(b64.substring(off, Math.min(b64.length(), off + PIECE))),
                    !last)));
            List<Command> message = first ? List.of(new ItemCommand(Verb.ADD, "1", false, null, Meta.format("node"),
                    null, List.of(Item.target(entry))), chunk) : List.of(chunk);
            steps.add(in -> new ScriptedDmServer.Reply(message, last));
        }
        server.script(steps.toArray(ScriptedDmServer.Step[]::new));
        int status = server.sendPackage0(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/notification"),
                session++);
        if (status != 202) {
            throw new IllegalStateException("Package 0 answered " + status);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!server.scriptFinished()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the large object did not get through:\n" + gateway.log());
            }
            Thread.sleep(5);
        }
        String id = entry.substring(entry.lastIndexOf('/') + 1);
        Map<String, Object> view = given().get("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/images/" + id)
                .then().extract().path("");
        if (!"stored".equals(view.get("status")) || !sha.equals(view.get("sha256"))) {
            throw new IllegalStateException("not stored as sent: " + view);
        }
        return steps.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gateway.close();
        dm.stop();
    }
}
