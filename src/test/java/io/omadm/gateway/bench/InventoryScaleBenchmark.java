package io.omadm.gateway.bench;

import io.omadm.gateway.admin.DevicesResource;
import io.omadm.gateway.gwmo.GwConfig;
import io.omadm.gateway.gwmo.GwmoObjects;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.Settings;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import io.omadm.gateway.tree.TreeUri;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inventory at site scale (issue 4): 100,000 devices in the H2 file the gateway uses by default (100 models,
 * three modes, a quarter attached, 10 groups of 1,000), in a JVM limited to 256 MB of heap. Measures a Get of the
 * whole summary through the tree (with and without the cached counts) and a filtered page of 100 devices through the
 * REST resource, and the console's device list (first page, filtered, searched) as JSON. Run:
 * {@code mvn -Pbench verify -Dbench.include=InventoryScaleBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class InventoryScaleBenchmark {

    static final int DEVICES = 100_000;

    private Database db;
    private DmTree tree;
    private Inventory inventory;
    private DevicesResource api;
    private final TreeUri summary = TreeUri.parse(GwmoNames.DEV_INVENTORY_SUMMARY + "?list=StructData").orElseThrow();

    @Setup(Level.Trial)
    public void load() throws Exception {
        QuietLogging.apply();
        Path dir = TempPaths.dir("scale");
        db = Database.open(Database.h2Url(dir), "sa", "", 4);
        Mode[] modes = Mode.values();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device (dev_id, node_name, local_id, model,"
                    + " mode, protocol, status, address, last_seen, server_ids, created)"
                    + " VALUES (?, ?, FALSE, ?, ?, 'mqtt', ?, ?, ?, 'dm', 0)")) {
                for (int i = 0; i < DEVICES; i++) {
                    String id = String.format("dev-%06d", i);
                    ps.setString(1, id);
                    ps.setString(2, id);
                    ps.setString(3, "Model-" + (i % 100));
                    ps.setString(4, modes[i % 3].value());
                    ps.setString(5, i % 4 == 0 ? "attached" : "detached"); // independent of the mode
                    ps.setString(6, "plant/" + id);
                    ps.setLong(7, System.currentTimeMillis());
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement g = c.prepareStatement("INSERT INTO device_group (name, display_name, created)"
                    + " VALUES (?, ?, 0)");
                    PreparedStatement m = c.prepareStatement("INSERT INTO group_member (group_name, member_node,"
                            + " dev_id) VALUES (?, ?, ?)")) {
                for (int gi = 0; gi < 10; gi++) {
                    g.setString(1, "g" + gi);
                    g.setString(2, "Group " + gi);
                    g.executeUpdate();
                    for (int k = 0; k < 1000; k++) {
                        String id = String.format("dev-%06d", gi * 10_000 + k * 7);
                        m.setString(1, "g" + gi);
                        m.setString(2, id);
                        m.setString(3, id);
                        m.addBatch();
                    }
                    m.executeBatch();
                }
            }
            c.commit();
        }
        JdbcDeviceStore store = new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey());
        GwConfig config = new GwConfig(NodePath.of(GwmoNames.GW_CONFIG), new Settings(db.dataSource()));
        inventory = new Inventory(store, Clock.systemUTC(), Duration.ofMinutes(5), config::defaultMode);
        tree = new DmTree(new InMemoryTreeStore());
        GwmoObjects.mount(tree, config, inventory, new io.omadm.gateway.adaptation.Dispatcher(
                new io.omadm.gateway.adaptation.ProfileRegistry(dir.resolve("profiles")), r -> {
                    throw new IllegalStateException("no adapters in this benchmark");
                }), null, null, null, null, null, List.of("dm"));
        api = new DevicesResource(inventory, devId -> java.util.Optional.empty()); // no proxy sessions here
        TreeResult check = tree.get(summary, "dm");
        if (check.status() != 200) {
            throw new IllegalStateException("summary Get: " + check.status() + " " + check.reason());
        }
        Response page = filteredPage();
        DevicesResource.DevicePage body = (DevicesResource.DevicePage) page.getEntity();
        if (page.getStatus() != 200 || body.items().size() != 100 || body.total() < 8_000) {
            throw new IllegalStateException("filtered page: " + page.getStatus() + " " + page.getEntity());
        }
    }

    /**
     * A live gateway writes to the device table all the time (presence); H2 would otherwise answer a repeated query
     * from its result cache. One row changes before each call, outside the measured time.
     */
    @Setup(Level.Invocation)
    public void deviceTableChanges() throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE device SET last_seen = ? WHERE dev_id = ?")) {
            ps.setLong(1, System.nanoTime());
            ps.setString(2, "dev-000001");
            ps.executeUpdate();
        }
    }

    /** The whole ./GwMO/DevInventorySummary subtree, counted afresh from the 100,000 rows. */
    @Benchmark
    public TreeResult summaryGetUncached() {
        inventory.refreshSummary();
        return tree.get(summary, "dm");
    }

    /** The same, from the counts the inventory keeps until a change. */
    @Benchmark
    public TreeResult summaryGetCached() {
        return tree.get(summary, "dm");
    }

    /** GET /api/v1/devices?status=attached&mode=adaptation&offset=5000&limit=100 (without the HTTP and JSON). */
    @Benchmark
    public Response filteredPage() {
        return api.list("attached", "adaptation", null, null, null, null, 5000, 100);
    }

    /** GET /api/v1/devices?group=g3&model=Model-21&limit=100. */
    @Benchmark
    public Response groupAndModelPage() {
        return api.list(null, null, "g3", "Model-21", null, null, 0, 100);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();

    /**
     * The console's device list (issue 25: under 300 ms server time at 100,000 devices): its first page of 50, as the
     * resource makes it and as JSON, the bytes the browser gets (HTTP aside).
     */
    @Benchmark
    public byte[] consoleFirstPage() throws Exception {
        return JSON.writeValueAsBytes(api.list(null, null, null, null, null, null, 0, 50).getEntity());
    }

    /** The console's list filtered by status, mode and model: the third page of 50. */
    @Benchmark
    public byte[] consoleFilteredPage() throws Exception {
        return JSON.writeValueAsBytes(api.list("detached", "proxy", null, "Model-7", null, null, 100, 50)
                .getEntity());
    }

    /** The console's search box: a part of the DevId, model or address, over every row. */
    @Benchmark
    public byte[] consoleSearchPage() throws Exception {
        return JSON.writeValueAsBytes(api.list(null, null, null, null, "mqtt", "dev-0421", 0, 50).getEntity());
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }
}
