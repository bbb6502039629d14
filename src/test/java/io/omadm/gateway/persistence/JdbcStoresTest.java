package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.southbound.AccountIssuer;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.JdbcTreeStore;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeUri;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stores on a real H2 database file, closed and opened again as a restart does. */
class JdbcStoresTest {

    @TempDir
    Path dataDir;

    /** One key for the test, as a gateway keeps its key file across restarts. */
    private final AesGcmSealer sealer = AesGcmSealer.withNewKey();

    /** The database under test; PostgreSqlStoresTest runs the same tests on PostgreSQL. */
    Database open() {
        return Database.open(Database.h2Url(dataDir), "sa", "", 4);
    }

    @Test
    void theSchemaIsCreatedOnceAndMigratedOnlyOnce() {
        try (Database db = open()) {
            assertTrue(db.isUp());
        }
        try (Database db = open()) {
            assertTrue(db.isUp());
        }
    }

    @Test
    void theDefaultDatabaseIsAnH2FileUnderTheDataDirectory() {
        try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 2)) {
            assertTrue(db.isUp());
        }
        assertTrue(Files.exists(dataDir.resolve("gateway.mv.db")));
    }

    @Test
    void committedTreeChangesSurviveAReopenAndUncommittedOnesDoNot() {
        byte[] binary = {0, 1, (byte) 0xFE, (byte) 0xFF};
        try (Database db = open()) {
            DmTree tree = new DmTree(new JdbcTreeStore(db.dataSource(), sealer));
            tree.put(Node.interior(NodePath.of("./App"), "Get=*&Replace=srv", false));
            tree.put(Node.leaf(NodePath.of("./App/Name"), "gateway", "chr", "text/plain", "", false));
            tree.put(new Node(NodePath.of("./App/Blob"), false, binary, "bin", null, "", "t", 5L, 3, true));
            tree.put(Node.leaf(NodePath.of("./App/Gone"), "x", "chr", null, "", false));
            tree.commit();
            tree.delete(TreeUri.parse("./App/Gone").orElseThrow(), null);
            tree.replace(TreeUri.parse("./App/Name").orElseThrow(), null, null, "renamed".getBytes(), "srv");
            tree.commit();
            tree.replace(TreeUri.parse("./App/Name").orElseThrow(), null, null, "never".getBytes(), "srv");
        }
        try (Database db = open()) {
            DmTree tree = new DmTree(new JdbcTreeStore(db.dataSource(), sealer));
            assertEquals("renamed", tree.node(NodePath.of("./App/Name")).orElseThrow().valueAsText());
            Node blob = tree.node(NodePath.of("./App/Blob")).orElseThrow();
            assertArrayEquals(binary, blob.value());
            assertEquals("bin", blob.format());
            assertEquals("t", blob.title());
            assertEquals(3, blob.verNo());
            assertTrue(blob.permanent());
            assertEquals("Get=*&Replace=srv", tree.node(NodePath.of("./App")).orElseThrow().acl());
            assertTrue(tree.node(NodePath.of("./App/Gone")).isEmpty());
        }
    }

    @Test
    void queuedAlertsKeepTheirOrderAndItemsAcrossAReopenUntilAcknowledged() {
        long first;
        try (Database db = open()) {
            AlertQueue q = new JdbcAlertQueue(db.dataSource());
            first = q.enqueue(new GenericAlert("c1", List.of(
                    new GenericAlert.Entry("./GwMO/DevInventory", "urn:oma:at:gwmo:1.0:DeviceInventoryUpdate", "xml",
                            "warning", "<Devices added=\"1\"/>"),
                    new GenericAlert.Entry(null, "urn:x", "chr", null, "second item"))));
            q.enqueue(new GenericAlert(null, List.of(new GenericAlert.Entry(null, "urn:y", "int", null, "2"))));
        }
        try (Database db = open()) {
            AlertQueue q = new JdbcAlertQueue(db.dataSource());
            List<AlertQueue.Queued> due = q.due(Instant.now(), 10);
            assertEquals(2, due.size());
            assertEquals(first, due.get(0).id());
            assertEquals("c1", due.get(0).alert().correlator());
            assertEquals(2, due.get(0).alert().items().size());
            assertEquals("<Devices added=\"1\"/>", due.get(0).alert().items().get(0).data());
            assertEquals("warning", due.get(0).alert().items().get(0).mark());
            q.retryLater(List.of(first), Instant.now());
            List<AlertQueue.Queued> stillDue = q.due(Instant.now(), 10);
            assertEquals(List.of(due.get(1).id()), stillDue.stream().map(AlertQueue.Queued::id).toList(),
                    "the retried one waits out its backoff; the other is still due");
            q.acknowledge(List.of(due.get(1).id()));
            assertEquals(1, q.size());
            assertEquals(1, q.due(Instant.now().plusSeconds(3600), 10).get(0).attempts());
        }
    }

    /** A sealer whose key "2" is current and which still opens values of key "1" (a rotation under way). */
    private static final class RotatingSealer implements SecretSealer {
        @Override
        public byte[] seal(byte[] plain) {
            return ("k2:" + new String(plain, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] open(byte[] stored) {
            return new String(stored, StandardCharsets.US_ASCII).substring(3).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isCurrent(byte[] stored) {
            return new String(stored, StandardCharsets.US_ASCII).startsWith("k2:");
        }
    }

    @Test
    void aResealReachesEverySecretRowWhateverTheTypeOfItsKey() throws Exception {
        try (Database db = open(); Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO proxy_command (dev_id, verb, path, data,"
                    + " format, correlator, queued) VALUES ('d-1', 'Replace', ?, ?, 'chr', ?, 1)")) {
                for (String[] row : new String[][] {{"./DMAcc/gw/AppAuth/cl/AAuthSecret", "k1:new-secret",
                        AccountIssuer.CLIENT}, {"./App/Level", "k1:not-a-secret", null}}) {
                    ps.setString(1, row[0]);
                    ps.setBytes(2, row[1].getBytes(StandardCharsets.US_ASCII));
                    ps.setString(3, row[2]);
                    ps.executeUpdate();
                }
            }
            assertEquals(1, Reseal.all(c, new RotatingSealer(), List.of(AccountIssuer.SECRETS)),
                    "the issuer's row (a BIGINT key), not the other");
            List<String> data = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT data FROM proxy_command WHERE dev_id = 'd-1' ORDER BY id")) {
                while (rs.next()) {
                    data.add(new String(rs.getBytes(1), StandardCharsets.US_ASCII));
                }
            }
            assertEquals(List.of("k2:new-secret", "k1:not-a-secret"), data);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM proxy_command WHERE dev_id = 'd-1'");
            }
        }
    }
}
