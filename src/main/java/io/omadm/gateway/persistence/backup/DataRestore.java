package io.omadm.gateway.persistence.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts a backup ({@link DataBackup}) back as a data directory, with the gateway stopped: only into an empty directory
 * (or one holding just the key file; a restore never overwrites one), unpacked beside it first and moved into
 * place when complete, every entry checked to stay inside it, everything readable by the gateway's user only. The key
 * is the caller's business: the backup does not hold it.
 */
public final class DataRestore {

    private DataRestore() {
    }

    /** @return the number of files restored */
    public static int restore(Path backup, Path dataDir) throws IOException {
        BackupManifest manifest = BackupManifest.read(backup);
        Path target = dataDir.toAbsolutePath().normalize();
        refuseUnlessEmpty(target);
        Path staging = target.resolveSibling("." + target.getFileName() + ".restoring");
        deleteTree(staging);
        Files.createDirectories(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwx------")));
        int files = 0;
        boolean database = false;
        try (InputStream in = Files.newInputStream(backup); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory() || e.getName().equals(BackupManifest.ENTRY)) {
                    continue;
                }
                Path to = staging.resolve(e.getName()).normalize();
                if (!to.startsWith(staging) || to.equals(staging)) {
                    throw new IOException(backup + " has an entry outside the data directory: " + e.getName());
                }
                Files.createDirectories(to.getParent());
                Files.copy(zip, to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
                database |= e.getName().equals(manifest.database());
                files++;
            }
        } catch (IOException e) {
            deleteTree(staging);
            throw e;
        }
        if (!database) {
            deleteTree(staging);
            throw new IOException(backup + " holds no " + manifest.database());
        }
        moveInto(staging, target);
        return files;
    }

    /** Only the key file may be there already: a restore never overwrites a database or anything else. */
    private static void refuseUnlessEmpty(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return;
        }
        try (Stream<Path> top = Files.list(target)) {
            List<String> there = top.map(p -> p.getFileName().toString())
                    .filter(n -> !DataBackup.NEVER.contains(n)).sorted().toList();
            if (!there.isEmpty()) {
                throw new IOException(target + " is not empty (" + String.join(", ", there) + "): a restore never"
                        + " overwrites a data directory; stop the gateway, move it aside, restore into an empty one");
            }
        }
    }

    /** The staged files into the data directory (which may exist, holding the key file the operator put there). */
    private static void moveInto(Path staging, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> top = Files.list(staging)) {
            for (Path p : top.toList()) {
                Files.move(p, target.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.delete(staging);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
