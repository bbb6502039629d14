package io.omadm.gateway.persistence;

import java.nio.charset.StandardCharsets;

/**
 * How a store keeps a secret at rest (docs/security.md): sealed on the way into the database, opened on the way out.
 * A store knows which of its columns hold secrets ({@link SecretColumn}); the sealer knows the keys. A sealed value is
 * ASCII text ({@code sealed:v1:<key id>:<base64>}), so it fits a character column as well as a binary one.
 */
public interface SecretSealer {

    /** The sealed form of a secret's bytes, as ASCII; null stays null. */
    byte[] seal(byte[] plain);

    /**
     * The secret in a stored value; null stays null. A value that was never sealed (written before secrets were
     * sealed, and not yet resealed) is returned as it is. A value sealed under a key the gateway does not hold, or
     * altered, is a {@link StoreException}: the wrong key file or a tampered row, not data to hand out.
     */
    byte[] open(byte[] stored);

    /** Whether a stored value is sealed under the current key (a reseal leaves it alone). */
    boolean isCurrent(byte[] stored);

    default String seal(String plain) {
        return plain == null ? null
                : new String(seal(plain.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    default String open(String stored) {
        return stored == null ? null
                : new String(open(stored.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
