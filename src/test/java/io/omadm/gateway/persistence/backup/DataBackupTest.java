package io.omadm.gateway.persistence.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a real H2 data directory: what goes in (the database as one copy, the certificates and images) and what
 * never does (the key, the first start's password, older backups); a restore that opens with the data, and restores
 * refused before anything is written (a directory in use, an entry that climbs out, a file that is not a backup).
 */
class DataBackupTest {

    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

    @BeforeEach
    void dataDirectory() throws Exception {
        db = Database.open(Database.h2Url(data), "sa", "", 2);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v VARCHAR(20))");
            s.execute("INSERT INTO kept VALUES ('before the backup')");
        }
        Files.createDirectories(data.resolve("tls"));
        Files.writeString(data.resolve("tls/gateway.crt"), "certificate");
        Files.createDirectories(data.resolve("images/ab"));
        Files.writeString(data.resolve("images/ab/abcdef"), "firmware");
        Files.writeString(data.resolve("secret.key"), "the key");
        Files.writeString(data.resolve("admin-password"), "first start");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DataBackup backups(int keep) {
        return new DataBackup(db.dataSource(), true, data, data.resolve("backups"), keep, clock);
    }

    @Test
    void aBackupHoldsTheDatabaseAndFilesButNeverTheKeyAndRestoresIntoAnEmptyDirectory() throws Exception {
        DataBackup.Made made = backups(7).make("key-1");
        assertEquals("backup-20261206T100000Z.zip", made.name());
        Path file = data.resolve("backups").resolve(made.name());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().forEach(e -> names.add(e.getName()));
        }
        assertEquals(BackupManifest.ENTRY, names.get(0), "the manifest first");
        assertTrue(names.containsAll(List.of("gateway.mv.db", "tls/gateway.crt", "images/ab/abcdef")),
                names.toString());
        assertFalse(names.contains("secret.key") || names.contains("admin-password"), names.toString());
        assertEquals("key-1", BackupManifest.read(file).keyId());

        Path restored = elsewhere.resolve("restored");
        assertEquals(names.size() - 1, DataRestore.restore(file, restored));
        assertEquals("firmware", Files.readString(restored.resolve("images/ab/abcdef")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                restored.resolve("gateway.mv.db"))));
        try (Database again = Database.open(Database.h2Url(restored), "sa", "", 2);
                Connection c = again.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT v FROM kept")) {
            assertTrue(r.next());
            assertEquals("before the backup", r.getString(1));
        }
    }

    @Test
    void onlyTheNewestBackupsAreKept() throws Exception {
        DataBackup backups = backups(2);
        for (int i = 0; i < 3; i++) {
            backups.make("key-1");
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(List.of("backup-20261206T100200Z.zip", "backup-20261206T100100Z.zip"),
                backups.list().stream().map(DataBackup.Made::name).toList());
        assertTrue(backups.file("../secret.key").isEmpty(), "a name, never a path");
    }

    @Test
    void aPostgreSqlStoreIsLeftToItsOwnTools() {
        DataBackup pg = new DataBackup(db.dataSource(), false, data, data.resolve("backups"), 7, clock);
        assertTrue(assertThrows(IllegalStateException.class, () -> pg.make("key-1")).getMessage()
                .contains("pg_dump"));
    }

    @Test
    void aRestoreNeverOverwritesADataDirectory() throws Exception {
        Path file = data.resolve("backups").resolve(backups(7).make("key-1").name());
        Path inUse = Files.createDirectories(elsewhere.resolve("in-use"));
        Files.writeString(inUse.resolve("gateway.mv.db"), "the site's database");
        IOException refused = assertThrows(IOException.class, () -> DataRestore.restore(file, inUse));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
        assertEquals("the site's database", Files.readString(inUse.resolve("gateway.mv.db")));

        Path withKey = Files.createDirectories(elsewhere.resolve("with-key"));
        Files.writeString(withKey.resolve("secret.key"), "the key, put there first");
        DataRestore.restore(file, withKey);
        assertEquals("the key, put there first", Files.readString(withKey.resolve("secret.key")));
        assertTrue(Files.exists(withKey.resolve("gateway.mv.db")));
    }

    @Test
    void anEntryClimbingOutOfTheDataDirectoryIsRefusedAndNothingIsWritten() throws Exception {
        Path evil = elsewhere.resolve("evil.zip");
        try (OutputStream out = Files.newOutputStream(evil); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            new BackupManifest(BackupManifest.FORMAT, Instant.now(), "key-1", "gateway.mv.db").properties()
                    .store(zip, null);
            zip.putNextEntry(new ZipEntry("gateway.mv.db"));
            zip.write(1);
            zip.putNextEntry(new ZipEntry("../outside.txt"));
            zip.write("escaped".getBytes(StandardCharsets.UTF_8));
        }
        Path target = elsewhere.resolve("target");
        IOException refused = assertThrows(IOException.class, () -> DataRestore.restore(evil, target));
        assertTrue(refused.getMessage().contains("outside"), refused.getMessage());
        assertFalse(Files.exists(elsewhere.resolve("outside.txt")));
        assertFalse(Files.exists(target.resolve("gateway.mv.db")));
    }

    @Test
    void aFileThatIsNotABackupSaysSo() throws Exception {
        Path notOne = elsewhere.resolve("photo.zip");
        try (OutputStream out = Files.newOutputStream(notOne); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("photo.jpg"));
        }
        assertTrue(assertThrows(IOException.class, () -> DataRestore.restore(notOne, elsewhere.resolve("t")))
                .getMessage().contains("not a gateway backup"));
    }
}
