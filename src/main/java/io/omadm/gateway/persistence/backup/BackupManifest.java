package io.omadm.gateway.persistence.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The first entry of a backup ({@value #ENTRY}): its format, when it was taken, the id of the key that seals the
 * secrets stored in it (the key itself is never in a backup), and the database file it holds.
 */
public record BackupManifest(int format, Instant createdAt, String keyId, String database) {

    public static final String ENTRY = "backup.properties";
    static final int FORMAT = 1;

    Properties properties() {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(format));
        p.setProperty("created", createdAt.toString());
        p.setProperty("key-id", keyId);
        p.setProperty("database", database);
        return p;
    }

    /** The manifest of a backup file; an IOException saying why when the file is not a backup this gateway made. */
    public static BackupManifest read(Path backup) throws IOException {
        try (InputStream in = Files.newInputStream(backup); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals(ENTRY)) {
                throw new IOException(backup + " is not a gateway backup (no " + ENTRY + " first)");
            }
            Properties p = new Properties();
            p.load(zip);
            int format = Integer.parseInt(p.getProperty("format", "0"));
            if (format != FORMAT) {
                throw new IOException(backup + " is a backup of format " + format + "; this gateway reads " + FORMAT);
            }
            return new BackupManifest(format, Instant.parse(p.getProperty("created")), p.getProperty("key-id", ""),
                    p.getProperty("database", DataBackup.DATABASE));
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw new IOException(backup + " has a damaged " + ENTRY + ": " + e.getMessage(), e);
        }
    }
}
