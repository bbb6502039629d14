package io.omadm.gateway.security;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The first start: no default password exists (IEC 62443-4-2 CR 1.5). With an empty user table the gateway creates
 * {@code admin} with the password of gateway.security.admin-password, or a random one written once to
 * {@code admin-password} in the data directory, readable by its owner only (0600); the log names the file, never the
 * password.
 */
public final class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());
    public static final String NAME = "admin";
    public static final String FILE = "admin-password";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private FirstAdmin() {
    }

    /** Creates the first admin when there is no user; returns the file the password was written to, if any. */
    public static Optional<Path> ensure(AccessStore store, Optional<String> configured, Path dataDir, Clock clock) {
        if (store.userCount() > 0) {
            return Optional.empty();
        }
        boolean random = configured.filter(p -> !p.isBlank()).isEmpty();
        String password = random ? randomPassword() : configured.get();
        if (!store.createUser(NAME, PasswordHash.of(password.toCharArray()), Role.ADMIN, clock.millis())) {
            return Optional.empty(); // another instance on the same database made it first
        }
        if (!random) {
            LOG.info("first start: user '" + NAME + "' created with the password of gateway.security.admin-password");
            return Optional.empty();
        }
        Path file = dataDir.resolve(FILE);
        OwnerOnlyFiles.write(file, password + "\n");
        LOG.warning("first start: user '" + NAME + "' created with a random password, written to "
                + file.toAbsolutePath() + " (readable by this user only): sign in, set your own, delete the file");
        return Optional.of(file);
    }

    static String randomPassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
