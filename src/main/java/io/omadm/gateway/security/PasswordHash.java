package io.omadm.gateway.security;

import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Passwords as bcrypt hashes (cost 11, a random salt each): what the user table keeps. Checking one costs about a
 * tenth of a second on purpose; {@link Credentials} remembers a verified password for a minute so that an API client
 * sending Basic credentials on every request does not pay it every time.
 */
public final class PasswordHash {

    private static final int COST = 11;
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** Why {@code password} may not be one (the same rule for the API and the command line); empty when it may. */
    public static Optional<String> weakness(String password) {
        return password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH
                ? Optional.of("a password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters") : Optional.empty();
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
