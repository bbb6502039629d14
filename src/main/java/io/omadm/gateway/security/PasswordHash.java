package io.omadm.gateway.security;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Passwords as bcrypt hashes (cost 11, a random salt each): what the user table keeps. Checking one costs about a
 * tenth of a second on purpose; {@link Credentials} remembers a verified password for a minute so that an API client
 * sending Basic credentials on every request does not pay it every time.
 */
public final class PasswordHash {

    private static final int COST = 11;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String of(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(password, salt, COST);
    }

    /** Whether {@code password} is the one the hash was made of; false for a hash that is not bcrypt. */
    public static boolean matches(String hash, char[] password) {
        try {
            return hash != null && OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException notBcrypt) {
            return false;
        }
    }
}
