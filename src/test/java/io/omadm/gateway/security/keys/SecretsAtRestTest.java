package io.omadm.gateway.security.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.StoreException;
import io.omadm.gateway.persistence.V13__Seal_stored_secrets;
import io.omadm.gateway.southbound.DeviceAccount;
import io.omadm.gateway.southbound.AccountIssuer;
import io.omadm.gateway.southbound.JdbcDeviceAccounts;
import io.omadm.gateway.southbound.JdbcProxyQueue;
import io.omadm.gateway.southbound.ProxyCommand;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.JdbcTreeStore;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets at rest on a real H2 file: what the stores write is sealed, schema 13 seals what was stored before, a key
 * rotation reseals everything and leaves the old key unable to open it, and a rotation cut short finishes at the next
 * start.
 */
class SecretsAtRestTest {

    private static final List<SecretColumn> COLUMNS = List.of(JdbcDeviceStore.SECRETS, JdbcDeviceAccounts.SECRETS,
            JdbcTreeStore.SECRETS, AccountIssuer.SECRETS);
    private static final NodePath GATEWAY_SECRET = NodePath.of("./DMAcc/srv/AppAuth/CLCRED/AAuthSecret");
    private static final NodePath NOT_SECRET = NodePath.of("./DMAcc/srv/AppAuth/CLCRED/AAuthName");

    @TempDir
    Path dir;

    private Path keyFile() {
        return dir.resolve("secret.key");
    }

    private Database open(SecretKeys keys) {
        return Database.open(Database.h2Url(dir), "sa", "", 4, new V13__Seal_stored_secrets(keys.sealer(), COLUMNS));
    }

    private static void storeSecrets(Database db, AesGcmSealer sealer, String suffix) {
        DeviceRecord d = DeviceRecord.of("plc-1", Mode.PROXY);
        new JdbcDeviceStore(db.dataSource(), sealer).save(new DeviceRecord(d.devId(), d.nodeName(), false, null, null,
                null, d.mode(), null, d.status(), null, null, null, d.serverIds(), null, "plc", "device-" + suffix));
        new JdbcDeviceAccounts(db.dataSource(), sealer).save(new DeviceAccount("plc-1", AuthType.MD5, "gw",
                "server-" + suffix, null, null));
        DmTree tree = new DmTree(new JdbcTreeStore(db.dataSource(), sealer));
        tree.put(Node.leaf(GATEWAY_SECRET, "gateway-" + suffix, "chr", "text/plain", "", false));
        tree.put(Node.leaf(NOT_SECRET, "gateway-name", "chr", "text/plain", "", false));
        tree.commit();
        // a device's new secret waiting in the proxy queue (AccountIssuer), beside a command that holds no secret
        JdbcProxyQueue queue = new JdbcProxyQueue(db.dataSource(), n -> { });
        queue.enqueue("plc-1", "Replace", "./DMAcc/gw/AppAuth/cl/AAuthSecret",
                sealer.seal(("issued-" + suffix).getBytes(StandardCharsets.UTF_8)), "chr", AccountIssuer.CLIENT, 1L);
        queue.enqueue("plc-1", "Replace", "./App/Level", "7".getBytes(StandardCharsets.UTF_8), "chr", null, 2L);
    }

    private static void assertSecretsRead(Database db, AesGcmSealer sealer, String suffix) {
        assertEquals("device-" + suffix, new JdbcDeviceStore(db.dataSource(), sealer).find("plc-1").orElseThrow()
                .authSecret());
        assertEquals("server-" + suffix, new JdbcDeviceAccounts(db.dataSource(), sealer).find("plc-1").orElseThrow()
                .serverSecret());
        DmTree tree = new DmTree(new JdbcTreeStore(db.dataSource(), sealer));
        assertEquals("gateway-" + suffix, tree.node(GATEWAY_SECRET).orElseThrow().valueAsText());
        assertEquals("gateway-name", tree.node(NOT_SECRET).orElseThrow().valueAsText());
        List<ProxyCommand> queued = new JdbcProxyQueue(db.dataSource(), n -> { }).pending("plc-1");
        assertEquals("issued-" + suffix, new String(sealer.open(queued.get(0).data()), StandardCharsets.UTF_8));
        assertEquals("7", new String(queued.get(1).data(), StandardCharsets.UTF_8), "not a secret: left as it is");
    }

    /** The secret columns as stored, row by row. */
    private static List<String> stored(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (SecretColumn col : COLUMNS) {
                try (ResultSet rs = s.executeQuery("SELECT " + col.column() + " FROM " + col.table() + " WHERE "
                        + col.column() + " IS NOT NULL" + (col.rows() == null ? "" : " AND (" + col.rows() + ")"))) {
                    while (rs.next()) {
                        out.add(col.binary() ? new String(rs.getBytes(1), StandardCharsets.UTF_8) : rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private void assertNowhereInTheDirectory(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String hay = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(hay.contains(new String(needle, StandardCharsets.ISO_8859_1)), text + " in clear in " + f);
            }
        }
    }

    @Test
    void whatTheStoresWriteIsSealedOnDiskAndReadsBack() throws Exception {
        SecretKeys keys = SecretKeys.load(Optional.empty(), keyFile());
        try (Database db = open(keys)) {
            storeSecrets(db, keys.sealer(), "a1b2c3");
            assertSecretsRead(db, keys.sealer(), "a1b2c3");
            List<String> stored = stored(db);
            assertEquals(4, stored.size());
            assertTrue(stored.stream().allMatch(v -> v.startsWith("sealed:v1:" + keys.sealer().currentKeyId())),
                    stored.toString());
        }
        assertNowhereInTheDirectory("a1b2c3");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
    }

    @Test
    void schema13SealsTheSecretsStoredBeforeIt() throws Exception {
        try (Database before = Database.open(Database.h2Url(dir), "sa", "", 4)) { // a gateway of schema 12
            try (Connection c = before.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO device (dev_id, node_name, local_id, mode, status, server_ids, auth_name, auth_secret,"
                            + " created) VALUES ('old-1', 'old-1', FALSE, 'proxy', 'detached', '', 'n', ?, 0)")) {
                ps.setString(1, "legacy-plain");
                ps.executeUpdate();
            }
            try (Connection c = before.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tree_node (path, interior, node_value, format, acl, tstamp, ver_no, permanent)"
                            + " VALUES (?, FALSE, ?, 'chr', '', 0, 0, FALSE)")) {
                ps.setString(1, GATEWAY_SECRET.toString());
                ps.setBytes(2, "legacy-gateway".getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
        }
        SecretKeys keys = SecretKeys.load(Optional.empty(), keyFile());
        try (Database db = open(keys)) {
            assertTrue(stored(db).stream().allMatch(v -> v.startsWith("sealed:v1:")), stored(db).toString());
            assertEquals("legacy-plain", new JdbcDeviceStore(db.dataSource(), keys.sealer()).find("old-1")
                    .orElseThrow().authSecret());
            assertEquals("legacy-gateway", new DmTree(new JdbcTreeStore(db.dataSource(), keys.sealer()))
                    .node(GATEWAY_SECRET).orElseThrow().valueAsText());
        }
    }

    @Test
    void aRotationResealsEverythingAndTheOldKeyOpensNothing() throws Exception {
        SecretKeys keys = SecretKeys.load(Optional.empty(), keyFile());
        String oldKey = Files.readString(keyFile());
        try (Database db = open(keys)) {
            storeSecrets(db, keys.sealer(), "r1");
            List<String> before = stored(db);
            SecretKeys.Rotation r = new KeyRotation(keys, db.dataSource(), COLUMNS).rotate();
            assertNotEquals(r.from(), r.to());
            assertEquals(4, r.resealed());
            assertEquals(r.to(), keys.sealer().currentKeyId());
            assertNotEquals(oldKey, Files.readString(keyFile()), "the new key is in the key file");
            assertFalse(Files.exists(dir.resolve("secret.key.next")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
            assertTrue(stored(db).stream().allMatch(v -> v.startsWith("sealed:v1:" + r.to() + ":")));
            assertSecretsRead(db, keys.sealer(), "r1");
            AesGcmSealer old = new AesGcmSealer(KeyRing.of(KeyFile.decode(oldKey, "the old key")));
            assertEquals("device-r1", old.open(before.get(0)), "the old rows opened under the old key");
            assertThrows(StoreException.class, () -> old.open(stored(db).get(0)), "but not the resealed ones");
        }
        SecretKeys restarted = SecretKeys.load(Optional.empty(), keyFile());
        try (Database db = open(restarted)) {
            assertSecretsRead(db, restarted.sealer(), "r1");
        }
    }

    @Test
    void aRotationCutShortFinishesAtTheNextStart() throws Exception {
        SecretKeys keys = SecretKeys.load(Optional.empty(), keyFile());
        try (Database db = open(keys)) {
            storeSecrets(db, keys.sealer(), "cut");
        }
        byte[] next = KeyFile.newKey();
        KeyFile.write(dir.resolve("secret.key.next"), next); // the process stopped right after writing the new key
        SecretKeys restarted = SecretKeys.load(Optional.empty(), keyFile());
        assertEquals(KeyRing.id(next), restarted.sealer().currentKeyId());
        try (Database db = open(restarted)) {
            assertTrue(new KeyRotation(restarted, db.dataSource(), COLUMNS).finishInterrupted().isPresent());
            assertTrue(stored(db).stream().allMatch(v -> v.startsWith("sealed:v1:" + KeyRing.id(next) + ":")));
            assertSecretsRead(db, restarted.sealer(), "cut");
            assertTrue(new KeyRotation(restarted, db.dataSource(), COLUMNS).finishInterrupted().isEmpty());
        }
        assertFalse(Files.exists(dir.resolve("secret.key.next")));
        assertEquals(KeyRing.id(next), KeyRing.id(KeyFile.read(keyFile())));
    }

    @Test
    void aKeyFileOthersCanReadIsTightenedAndAWrongOneIsNamedNotShown() throws Exception {
        SecretKeys.load(Optional.empty(), keyFile());
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        SecretKeys.load(Optional.empty(), keyFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        Files.writeString(keyFile(), "bm90IGEga2V5\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecretKeys.load(Optional.empty(), keyFile()));
        assertTrue(e.getMessage().contains(keyFile().toString()) && !e.getMessage().contains("bm90IGEga2V5"),
                e.getMessage());
    }

    @Test
    void aKeyGivenInConfigurationIsUsedAndCannotBeRotatedByTheGateway() throws Exception {
        String b64 = java.util.Base64.getEncoder().encodeToString(KeyFile.newKey());
        SecretKeys keys = SecretKeys.load(Optional.of(b64), keyFile());
        assertFalse(Files.exists(keyFile()), "no key file when the key is configured");
        try (Database db = open(keys)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new KeyRotation(keys, db.dataSource(), COLUMNS).rotate());
            assertTrue(e.getMessage().contains("gateway.security.key"), e.getMessage());
        }
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> SecretKeys.load(Optional.of("c2hvcnQ="), keyFile()));
        assertFalse(bad.getMessage().contains("c2hvcnQ"), "the message does not show the value");
    }
}
