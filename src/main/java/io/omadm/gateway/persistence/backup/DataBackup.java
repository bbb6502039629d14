package io.omadm.gateway.persistence.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;

/**
 * An online backup of the gateway's data directory, taken while it runs (docs/deploy.md, "Backup and restore"): one
 * zip with the H2 database as one consistent copy (H2's {@code BACKUP TO}, which does not stop writers), then the
 * directory's other files (TLS and OPC UA certificates and keys, the image store), and a manifest. The key that seals
 * stored secrets is left out on purpose, as is the first start's admin password: a backup is kept apart from the key
 * ({@link BackupManifest#keyId()} names the key it needs). The oldest backups beyond {@code keep} are removed.
 */
public final class DataBackup {

    /** Files of the data directory's root that a backup never holds. */
    static final List<String> NEVER = List.of("secret.key", "secret.key.next", "admin-password");
    static final String DATABASE = "gateway.mv.db";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A backup file of {@link #directory()}: its name, size and when it was taken. */
    public record Made(String name, long bytes, int files, String keyId, Instant createdAt) {
    }

    private final DataSource db;
    private final boolean h2;
    private final Path dataDir;
    private final Path backups;
    private final int keep;
    private final Clock clock;

    /**
     * @param h2 whether the database is the H2 file of the data directory; a PostgreSQL store is backed up by its own
     *     tools, and this class refuses it
     */
    public DataBackup(DataSource db, boolean h2, Path dataDir, Path backups, int keep, Clock clock) {
        this.db = db;
        this.h2 = h2;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.backups = backups.toAbsolutePath().normalize();
        this.keep = Math.max(1, keep);
        this.clock = clock;
    }

    public Path directory() {
        return backups;
    }

    /** Takes a backup now; one at a time. */
    public synchronized Made make(String keyId) throws IOException {
        if (!h2) {
            throw new IllegalStateException("the database is PostgreSQL: back it up with pg_dump (docs/deploy.md);"
                    + " this backup covers the H2 file store of the data directory");
        }
        Files.createDirectories(backups);
        Instant at = clock.instant();
        String name = freeName(at);
        Path dbCopy = backups.resolve("." + name + ".db.tmp");
        Path partial = backups.resolve("." + name + ".tmp");
        try {
            copyDatabase(dbCopy);
            int files;
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, at, keyId, DATABASE);
                zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
                manifest.properties().store(zip, "OMA DM Gateway backup");
                zip.closeEntry();
                files = 1 + copyEntries(dbCopy, zip) + copyFiles(zip);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, backups.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            prune();
            return new Made(name, Files.size(backups.resolve(name)), files, keyId, at);
        } finally {
            Files.deleteIfExists(dbCopy);
            Files.deleteIfExists(partial);
        }
    }

    /** The backups kept, newest first. */
    public List<Made> list() throws IOException {
        List<Made> out = new ArrayList<>();
        if (!Files.isDirectory(backups)) {
            return out;
        }
        for (Path p : backupFiles()) {
            try {
                BackupManifest m = BackupManifest.read(p);
                out.add(new Made(p.getFileName().toString(), Files.size(p), -1, m.keyId(), m.createdAt()));
            } catch (IOException damaged) { // listed, so that it is seen; its key unknown
                out.add(new Made(p.getFileName().toString(), Files.size(p), -1, null,
                        Files.getLastModifiedTime(p).toInstant()));
            }
        }
        out.sort(Comparator.comparing(Made::createdAt).reversed());
        return out;
    }

    /** The backup file of that name, if it is one of ours (the name is checked, not trusted as a path). */
    public Optional<Path> file(String name) {
        if (name == null || !name.matches("backup-\\d{8}T\\d{6}Z(-\\d+)?\\.zip")) {
            return Optional.empty();
        }
        Path p = backups.resolve(name);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private String freeName(Instant at) {
        String stem = "backup-" + NAME.format(at);
        String name = stem + ".zip";
        for (int n = 2; Files.exists(backups.resolve(name)); n++) {
            name = stem + "-" + n + ".zip";
        }
        return name;
    }

    private void copyDatabase(Path to) throws IOException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("BACKUP TO '" + to.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IOException("the database copy failed: " + e.getMessage(), e);
        }
    }

    /** H2's copy holds the database file under its own name: its entries go into the backup as they are. */
    private static int copyEntries(Path dbZip, ZipOutputStream zip) throws IOException {
        int n = 0;
        try (InputStream in = Files.newInputStream(dbZip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                entries.transferTo(zip);
                zip.closeEntry();
                n++;
            }
        }
        return n;
    }

    private int copyFiles(ZipOutputStream zip) throws IOException {
        int n = 0;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(this::belongs).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dataDir.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, zip);
                zip.closeEntry();
                n++;
            }
        }
        return n;
    }

    /** Not the database's own files (copied by H2), the backups, the key or a temporary password. */
    private boolean belongs(Path p) {
        if (p.startsWith(backups) || Files.isSymbolicLink(p)) {
            return false;
        }
        Path rel = dataDir.relativize(p);
        String name = rel.getFileName().toString();
        boolean atRoot = rel.getNameCount() == 1;
        return !(atRoot && (NEVER.contains(name) || name.startsWith("gateway.") && name.endsWith(".db")));
    }

    private List<Path> backupFiles() throws IOException {
        try (Stream<Path> files = Files.list(backups)) {
            return files.filter(p -> file(p.getFileName().toString()).isPresent()).toList();
        }
    }

    private void prune() throws IOException {
        List<Made> all = list();
        for (Made old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(backups.resolve(old.name()));
        }
    }
}
