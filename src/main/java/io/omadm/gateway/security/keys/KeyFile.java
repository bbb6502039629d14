package io.omadm.gateway.security.keys;

import io.omadm.gateway.security.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** A key in a file: 32 random bytes in base64, readable by the gateway's user only (0600). */
final class KeyFile {

    private KeyFile() {
    }

    static byte[] newKey() {
        byte[] key = new byte[KeyRing.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    static void write(Path file, byte[] key) {
        OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(key) + "\n");
    }

    /** The key in a file; an error names the file, never what is in it. */
    static byte[] read(Path file) {
        try {
            return decode(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + file, e);
        }
    }

    static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " does not hold a base64 key", null);
        }
        if (key.length != KeyRing.KEY_BYTES) {
            throw new IllegalStateException(where + " holds a key of " + key.length + " bytes; a key is "
                    + KeyRing.KEY_BYTES + " random bytes in base64 (openssl rand -base64 32)");
        }
        return key;
    }

    /** Whether others than the owner may read the file (then it is tightened to 0600). */
    static boolean tighten(Path file) {
        try {
            return OwnerOnlyFiles.restrictFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of " + file, e);
        }
    }
}
