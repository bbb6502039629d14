package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.security.keys.AesGcmSealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device accounts on a real H2 file: the nonce the gateway hands out is kept in memory only (a restart forgets
 * it: the device is challenged once), the one the device gives the gateway is stored.
 */
class JdbcDeviceAccountsTest {

    @TempDir
    Path dir;

    private Database db;
    private final SecretSealer sealer = AesGcmSealer.withNewKey();

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dir), "sa", "", 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theClientNonceLivesInMemoryAndARestartForgetsItTheServerNonceIsStored() throws SQLException {
        JdbcDeviceAccounts accounts = new JdbcDeviceAccounts(db.dataSource(), sealer);
        accounts.save(new DeviceAccount("dev-1", AuthType.MD5, "gw", "gw-secret", bytes("client-1"),
                bytes("server-1")));
        accounts.clientNonce("dev-1", bytes("client-2"));
        try (Connection c = db.dataSource().getConnection()) {
            accounts.storeServerNonce(c, accounts.of("dev-1").withServerNonce(bytes("server-2")));
        }
        assertArrayEquals(bytes("client-2"), accounts.of("dev-1").clientNonce());
        assertArrayEquals(bytes("server-2"), accounts.of("dev-1").serverNonce());
        assertNull(storedClientNonce("dev-1"), "the client nonce never reaches the file");

        JdbcDeviceAccounts afterRestart = new JdbcDeviceAccounts(db.dataSource(), sealer);
        DeviceAccount a = afterRestart.of("dev-1");
        assertNull(a.clientNonce(), "no nonce: the device's next message is challenged, nothing older holds");
        assertArrayEquals(bytes("server-2"), a.serverNonce());
        assertEquals("gw-secret", a.serverSecret());
    }

    @Test
    void aDeviceWithoutAStoredAccountKeepsItsClientNonceAndADeletedOneLosesIt() {
        JdbcDeviceAccounts accounts = new JdbcDeviceAccounts(db.dataSource(), sealer);
        accounts.clientNonce("dev-2", bytes("n"));
        assertArrayEquals(bytes("n"), accounts.of("dev-2").clientNonce(), "the defaults, with the nonce handed out");
        accounts.save(DeviceAccount.defaults("dev-2").withClientNonce(bytes("m")));
        accounts.delete("dev-2");
        assertNull(accounts.of("dev-2").clientNonce());
    }

    @Test
    void pastTheLimitSomeClientNoncesAreForgottenNeverTheOneJustHandedOut() {
        int limit = 1000;
        JdbcDeviceAccounts accounts = new JdbcDeviceAccounts(db.dataSource(), sealer, limit);
        for (int i = 0; i < limit; i++) {
            accounts.clientNonce("dev-" + i, bytes("n" + i));
        }
        accounts.clientNonce("newest", bytes("x"));
        assertArrayEquals(bytes("x"), accounts.of("newest").clientNonce());
        int kept = 0;
        for (int i = 0; i < limit; i++) {
            byte[] n = accounts.of("dev-" + i).clientNonce();
            if (n != null) {
                assertArrayEquals(bytes("n" + i), n, "a nonce kept is the device's own");
                kept++;
            }
        }
        assertEquals(limit * 9 / 10, kept, "a tenth forgotten");
    }

    private String storedClientNonce(String devId) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT client_nonce FROM device_account WHERE dev_id = '" + devId
                        + "'")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
