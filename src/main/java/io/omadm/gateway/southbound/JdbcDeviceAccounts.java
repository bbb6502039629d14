package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@link DeviceAccounts} in the {@code device_account} table (Flyway V8); the client nonces in memory (its
 * {@code client_nonce} column is no longer written or read).
 */
public final class JdbcDeviceAccounts implements DeviceAccounts {

    /**
     * Client nonces kept at most: beyond, some are forgotten, which costs those devices one challenge each, never a
     * replay (a device with no nonce is challenged).
     */
    static final int CLIENT_NONCES_KEPT = 100_000;

    /** The gateway's SRVCRED secret in the device's DMAcc, sealed at rest (the nonces are sent in clear anyway). */
    public static final SecretColumn SECRETS = new SecretColumn("device_account", "dev_id", "server_secret", false,
            null);

    private final DataSource db;
    private final SecretSealer sealer;
    private final Map<String, byte[]> clientNonces = new ConcurrentHashMap<>();
    private final int clientNoncesKept;

    public JdbcDeviceAccounts(DataSource db, SecretSealer sealer) {
        this(db, sealer, CLIENT_NONCES_KEPT);
    }

    JdbcDeviceAccounts(DataSource db, SecretSealer sealer, int clientNoncesKept) {
        this.db = db;
        this.sealer = sealer;
        this.clientNoncesKept = clientNoncesKept;
    }

    @Override
    public Optional<DeviceAccount> find(String devId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT auth_type,"
                + " server_id, server_secret, server_nonce FROM device_account WHERE dev_id = ?")) {
            Sql.bind(ps, devId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DeviceAccount(devId, AuthType.ofName(rs.getString(1)).orElse(AuthType.MD5),
                        rs.getString(2), sealer.open(rs.getString(3)), clientNonces.get(devId),
                        decode(rs.getString(4))));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the account of " + devId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DeviceAccount of(String devId) {
        return find(devId).orElseGet(() -> DeviceAccount.defaults(devId).withClientNonce(clientNonces.get(devId)));
    }

    @Override
    public void save(DeviceAccount a) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM device_account WHERE dev_id = ?")) {
                Sql.bind(del, a.devId());
                del.executeUpdate();
                insert(c, a);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store the account of " + a.devId() + ": " + e.getMessage(), e);
        }
        clientNonce(a.devId(), a.clientNonce());
    }

    @Override
    public void delete(String devId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM device_account WHERE dev_id = ?")) {
            Sql.bind(ps, devId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete the account of " + devId + ": " + e.getMessage(), e);
        }
        clientNonces.remove(devId);
    }

    @Override
    public void clientNonce(String devId, byte[] nonce) {
        if (nonce == null) {
            clientNonces.remove(devId);
            return;
        }
        if (clientNonces.size() >= clientNoncesKept) {
            // forget a tenth, whichever come first: those devices are challenged once, nothing more
            int[] left = {clientNoncesKept / 10};
            clientNonces.keySet().removeIf(k -> left[0]-- > 0);
        }
        clientNonces.put(devId, nonce);
    }

    @Override
    public void storeServerNonce(DeviceAccount a) {
        try (Connection c = db.getConnection()) {
            storeServerNonce(c, a);
        } catch (SQLException e) {
            throw new StoreException("cannot store the server nonce of " + a.devId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void storeServerNonce(Connection c, DeviceAccount a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE device_account SET server_nonce = ? WHERE dev_id = ?")) {
            Sql.bind(ps, encode(a.serverNonce()), a.devId());
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        insert(c, a); // no account yet: the defaults with these nonces
    }

    private void insert(Connection c, DeviceAccount a) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO device_account (dev_id, auth_type, server_id,"
                + " server_secret, client_nonce, server_nonce) VALUES (?, ?, ?, ?, ?, ?)")) {
            Sql.bind(ins, a.devId(), a.authType().name().toLowerCase(Locale.ROOT), a.serverId(),
                    sealer.seal(a.serverSecret()), null, encode(a.serverNonce()));
            ins.executeUpdate();
        }
    }

    private static String encode(byte[] nonce) {
        return nonce == null ? null : Base64.getEncoder().encodeToString(nonce);
    }

    private static byte[] decode(String b64) {
        return b64 == null ? null : Base64.getDecoder().decode(b64);
    }
}
