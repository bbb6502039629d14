package io.omadm.gateway.bench;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.mo.GatewayIdentity;
import io.omadm.gateway.mo.StandardObjects;
import io.omadm.gateway.northbound.ClientSession;
import io.omadm.gateway.northbound.ClientSessionTest;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.northbound.InMemoryAlertQueue;
import io.omadm.gateway.northbound.JdkHttpTransport;
import io.omadm.gateway.northbound.NonceKeeper;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import io.omadm.gateway.tree.JdbcTreeStore;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole DM client sessions per second against the scripted DM server on loopback: Package 1 (Alert, DevInfo, MD5
 * credentials), the server's Package 2 with 10 commands (5 Get, 5 Replace), the gateway's Package 3 with Status and
 * Results, the server's closing Final. The tree is in memory or in the H2 file the gateway uses by default (each
 * session's Replaces committed before Package 3). Run: {@code mvn -Pbench verify -Dbench.include=SessionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Dsun.net.httpserver.nodelay=true"})
@Threads(1)
public class SessionBenchmark {

    static final Secret GATEWAY = new Secret("gw", "gw-secret-0123456789");

    @Param({"WBXML", "XML"})
    public Encoding encoding;

    @Param({"memory", "h2"})
    public String store;

    private ScriptedDmServer server;
    private DmTree tree;
    private Database database;
    private Path dataDir;
    private DmAccount account;
    private final AtomicInteger ids = new AtomicInteger();
    private final SyncMLCodec codec = new SyncMLCodec();
    private final Nonces nonces = new Nonces();
    private JdkHttpTransport transport;
    private NonceKeeper keeper;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        byte[] nonce = "bench-nonce".getBytes();
        server = new ScriptedDmServer("bench", AuthType.MD5, GATEWAY, nonce);
        server.recording(false);
        if (store.equals("h2")) {
            dataDir = TempPaths.dir("bench");
            database = Database.open(Database.h2Url(dataDir), "sa", "", 4);
            tree = new DmTree(new JdbcTreeStore(database.dataSource(), AesGcmSealer.withNewKey()));
        } else {
            tree = new DmTree(new InMemoryTreeStore());
        }
        StandardObjects.mount(tree, new GatewayIdentity("GW-BENCH", "Acme", "GW-1", "1.2", "en", "gateway", "Acme",
                "1", "1", "1"));
        tree.put(Node.interior(NodePath.of("./App"), "Get=bench&Replace=bench", false));
        for (int i = 0; i < 5; i++) {
            tree.put(Node.leaf(NodePath.of("./App/R" + i), "0", "int", "text/plain", "", false));
            tree.put(Node.leaf(NodePath.of("./App/G" + i), "value " + i, "chr", "text/plain", "", false));
        }
        tree.commit();
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            commands.add(ItemCommand.of(Verb.GET, "1", Item.target("./App/G" + i)));
            commands.add(new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format("int"), null, List.of(
                    new Item(Location.of("./App/R" + i), null, null, Data.text(Integer.toString(i * 100)), false))));
        }
        ScriptedDmServer.Reply reply = new ScriptedDmServer.Reply(commands, true);
        server.script(in -> reply);
        account = new DmAccount("bench", server.url(), AuthType.MD5, GATEWAY, null, null, encoding);
        transport = new JdkHttpTransport(Duration.ofSeconds(10), null);
        ClientSessionTest.TestNonces testNonces = new ClientSessionTest.TestNonces();
        testNonces.clientNonce(nonce);
        keeper = testNonces;
    }

    @Benchmark
    public ClientSession.Result session() {
        String sessionId = Integer.toHexString(1 + ids.getAndIncrement() % 0xFFFE).toUpperCase(Locale.ROOT);
        ClientSession.Result r = new ClientSession(account, keeper, tree, new InMemoryAlertQueue(), transport, codec,
                ClientSession.Limits.DEFAULT, Clock.systemUTC(), nonces).run(1201, sessionId);
        if (!r.ok()) {
            throw new IllegalStateException("session failed: " + r.detail());
        }
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        if (database != null) {
            database.close();
        }
    }
}
