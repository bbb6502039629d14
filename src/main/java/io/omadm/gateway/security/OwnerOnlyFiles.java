package io.omadm.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files only their owner may read or write (0600 from the moment they exist): passwords, keys; and directories. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    public static void write(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Makes a directory its owner's only (0700); whether it was open to others before. */
    public static boolean restrictDirectory(Path dir) throws IOException {
        return restrict(dir, "rwx------");
    }

    /** Makes a file its owner's only (0600); whether it was open to others before. */
    public static boolean restrictFile(Path file) throws IOException {
        return restrict(file, "rw-------");
    }

    private static boolean restrict(Path p, String ownerOnly) throws IOException {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString(ownerOnly);
            if (owner.containsAll(now)) {
                return false;
            }
            Files.setPosixFilePermissions(p, owner);
            return true;
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
    }
}
