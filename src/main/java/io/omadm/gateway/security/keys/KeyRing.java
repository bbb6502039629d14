package io.omadm.gateway.security.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a sealer holds: the current one, which seals, and during a rotation the one before it, which still opens.
 * Each is named by an id derived from it (not secret: it tells which key sealed a value without revealing the key).
 */
final class KeyRing {

    static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    static KeyRing of(byte[] current) {
        return new KeyRing(id(current), Map.of(id(current), aes(current)));
    }

    /** This ring with a new current key, the old ones kept for opening. */
    KeyRing rotatedTo(byte[] next) {
        Map<String, SecretKey> all = new LinkedHashMap<>(keys);
        all.put(id(next), aes(next));
        return new KeyRing(id(next), all);
    }

    /** Only the current key. */
    KeyRing currentOnly() {
        return new KeyRing(currentId, Map.of(currentId, keys.get(currentId)));
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    static String id(byte[] key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("omadm-gateway key id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static SecretKey aes(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a key is " + KEY_BYTES + " bytes (AES-256), not " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }
}
