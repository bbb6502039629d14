package io.omadm.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.backup.DataBackup;
import io.omadm.gateway.security.keys.SecretKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/admin restore}: a backup goes back only with the key its secrets were sealed under, which a backup
 * never holds; without it, or with another, nothing is written and the operator is told which key is needed.
 */
class RestoreCommandTest {

    @TempDir
    Path site;

    private Path backup;
    private String keyId;

    @BeforeEach
    void aBackup() throws Exception {
        Path data = Files.createDirectories(site.resolve("data"));
        keyId = SecretKeys.load(Optional.empty(), data.resolve("secret.key")).sealer().currentKeyId();
        try (Database db = Database.open(Database.h2Url(data), "sa", "", 2)) {
            DataBackup backups = new DataBackup(db.dataSource(), true, data, site.resolve("backups"), 3,
                    Clock.systemUTC());
            backup = site.resolve("backups").resolve(backups.make(keyId).name());
        }
    }

    private int restore(String... args) {
        out.reset();
        err.reset();
        return new AdminCommand(Map.of()).run(args, System.in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void withoutTheKeyNothingIsRestoredAndTheNeededKeyIsNamed() {
        Path target = site.resolve("restored");
        assertEquals(1, restore("restore", backup.toString(), "--data-dir", target.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(keyId), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(target.resolve("gateway.mv.db")));
    }

    @Test
    void anotherKeyIsRefused() {
        Path other = site.resolve("other.key");
        String otherId = SecretKeys.load(Optional.empty(), other).sealer().currentKeyId();
        Path target = site.resolve("restored");
        assertEquals(1, restore("restore", backup.toString(), "--data-dir", target.toString(), "--key-file",
                other.toString()));
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains(keyId) && said.contains(otherId), said);
        assertFalse(Files.exists(target.resolve("gateway.mv.db")));
    }

    @Test
    void withItsKeyTheBackupIsRestoredAndTheKeyPutWhereTheGatewayLooks() throws Exception {
        Path target = site.resolve("restored");
        assertEquals(0, restore("restore", backup.toString(), "--data-dir", target.toString(), "--key-file",
                site.resolve("data/secret.key").toString()), err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(target.resolve("gateway.mv.db")));
        assertEquals(keyId, SecretKeys.load(Optional.empty(), target.resolve("secret.key")).sealer().currentKeyId());
        assertEquals(2, restore("restore"), "a usage error");
    }
}
