package io.omadm.gateway.app;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.gwmo.GwConfig;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.mo.Bootstrap;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.mo.GatewayIdentity;
import io.omadm.gateway.mo.StandardObjects;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.persistence.Settings;
import io.omadm.gateway.persistence.V13__Seal_stored_secrets;
import io.omadm.gateway.persistence.backup.DataBackup;
import io.omadm.gateway.security.OwnerOnlyFiles;
import io.omadm.gateway.security.keys.KeyRotation;
import io.omadm.gateway.security.keys.SecretKeys;
import io.omadm.gateway.southbound.AccountIssuer;
import io.omadm.gateway.southbound.JdbcDeviceAccounts;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.JdbcTreeStore;
import io.omadm.gateway.tree.NodePath;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What everything else stands on, made once: the data directory and database, the management tree with the standard
 * objects, the gateway's DM accounts (from config or a bootstrap file), and its settings.
 */
@Singleton
public class CoreWiring {

    private static final Logger LOG = Logger.getLogger(CoreWiring.class.getName());

    @Produces
    @Singleton
    SecretKeys secretKeys(GatewayConfig config) {
        SecurityConfig s = config.security();
        return SecretKeys.load(s.key(), s.keyFile().filter(f -> !f.isBlank()).map(Path::of)
                .orElse(dataDir(config).resolve("secret.key")));
    }

    @Produces
    @Singleton
    SecretSealer sealer(SecretKeys keys) {
        return keys.sealer();
    }

    /** The stored columns that hold secrets, sealed at rest (schema 13 and key rotations reseal them). */
    static List<SecretColumn> secretColumns() {
        return List.of(JdbcDeviceStore.SECRETS, JdbcDeviceAccounts.SECRETS, JdbcTreeStore.SECRETS,
                AccountIssuer.SECRETS);
    }

    @Produces
    @Singleton
    Database database(GatewayConfig config, SecretKeys keys) {
        Path dataDir = dataDir(config);
        String url = config.db().url().filter(u -> !u.isBlank()).orElse(Database.h2Url(dataDir));
        Database database = Database.open(url, config.db().user(), config.db().password().orElse(""),
                config.db().maxConnections(), new V13__Seal_stored_secrets(keys.sealer(), secretColumns()));
        LOG.info("database " + Database.redact(url));
        new KeyRotation(keys, database.dataSource(), secretColumns()).finishInterrupted();
        return database;
    }

    @Produces
    @Singleton
    KeyRotation keyRotation(SecretKeys keys, Database database) {
        return new KeyRotation(keys, database.dataSource(), secretColumns());
    }

    @Produces
    @Singleton
    DataBackup dataBackup(GatewayConfig config, Database database) {
        Path dataDir = dataDir(config);
        Path dir = config.backup().dir().filter(d -> !d.isBlank()).map(Path::of).orElse(dataDir.resolve("backups"));
        return new DataBackup(database.dataSource(), !database.isPostgreSql(), dataDir, dir, config.backup().keep(),
                Clock.systemUTC());
    }

    /**
     * gateway.data-dir, made if need be, for the gateway's user only (0700): it holds the database, the key file and
     * the first admin's password, and the files in it are made with the process's umask.
     */
    static Path dataDir(GatewayConfig config) {
        Path dataDir = Path.of(config.dataDir());
        try {
            Files.createDirectories(dataDir);
            if (OwnerOnlyFiles.restrictDirectory(dataDir)) {
                LOG.warning("gateway.data-dir " + dataDir.toAbsolutePath() + " was open to others: now to its owner"
                        + " only");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create gateway.data-dir " + dataDir.toAbsolutePath(), e);
        }
        return dataDir;
    }

    @Produces
    @Singleton
    Settings settings(Database database) {
        return new Settings(database.dataSource());
    }

    @Produces
    @Singleton
    DmTree tree(GatewayConfig config, Database database, SecretSealer sealer) {
        DmTree tree = new DmTree(new JdbcTreeStore(database.dataSource(), sealer));
        // a device's leaves read together for ?list=StructData (daemon threads: nothing to finish at shutdown)
        tree.deviceReads(Pools.pool("tree-device-read", 16, 10_000));
        GatewayConfig.Identity id = config.identity();
        StandardObjects.mount(tree, new GatewayIdentity(config.devId(), id.man(), id.mod(), id.dmV(), id.lang(),
                id.devTyp(), id.oem(), id.fwV(), id.swV(), id.hwV()));
        return tree;
    }

    @Produces
    @Singleton
    DmAccounts accounts(GatewayConfig config, DmTree tree) {
        DmAccounts accounts = new DmAccounts(tree);
        config.server().url().filter(u -> !u.isBlank()).ifPresent(u -> accounts.seed(settings(config.server(), u)));
        config.bootstrap().file().filter(f -> !f.isBlank()).map(Path::of).filter(Files::exists)
                .ifPresent(f -> bootstrap(tree, accounts, f));
        return accounts;
    }

    @Produces
    @Singleton
    GwConfig gwConfig(Settings settings) {
        return new GwConfig(NodePath.of(GwmoNames.GW_CONFIG), settings);
    }

    private static void bootstrap(DmTree tree, DmAccounts accounts, Path file) {
        try {
            Bootstrap.applyFile(tree, file);
            LOG.info("bootstrap " + file + " applied; accounts: " + accounts.serverIds());
        } catch (IOException | SyncMLDecodeException | RuntimeException e) {
            LOG.severe("bootstrap " + file + " not applied: " + e.getMessage());
        }
    }

    static DmAccounts.Settings settings(GatewayConfig.Server s, String url) {
        AuthType auth = AuthType.ofName(s.auth()).orElseThrow(() -> new IllegalArgumentException(
                "gateway.server.auth is '" + s.auth() + "'; use basic, md5 or hmac"));
        AuthType serverAuth = s.serverPassword().filter(p -> !p.isBlank()).map(p -> auth).orElse(null);
        return new DmAccounts.Settings(s.id(), url, auth, s.username(), s.password().orElse(""), serverAuth,
                s.serverPassword().orElse(null), nonce(s.clientNonce(), "gateway.server.client-nonce"),
                nonce(s.serverNonce(), "gateway.server.server-nonce"));
    }

    private static byte[] nonce(Optional<String> b64, String key) {
        try {
            return b64.filter(v -> !v.isBlank()).map(v -> Base64.getDecoder().decode(v.trim())).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not base64: " + e.getMessage(), e);
        }
    }
}
