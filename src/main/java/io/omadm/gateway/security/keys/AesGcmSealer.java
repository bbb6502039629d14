package io.omadm.gateway.security.keys;

import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.persistence.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets with AES-256-GCM: a random 96-bit IV per value, a 128-bit tag, so that a value changed in the database
 * does not open. Stored as {@code sealed:v1:<key id>:<base64 of IV and ciphertext>}. Its keys can be swapped while it
 * is in use (a rotation).
 */
public final class AesGcmSealer implements SecretSealer {

    static final String PREFIX = "sealed:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AtomicReference<KeyRing> ring;

    AesGcmSealer(KeyRing ring) {
        this.ring = new AtomicReference<>(ring);
    }

    /** A sealer with a fresh key of its own, held in memory only (tests, benchmarks). */
    public static AesGcmSealer withNewKey() {
        return new AesGcmSealer(KeyRing.of(KeyFile.newKey()));
    }

    void use(KeyRing keys) {
        ring.set(keys);
    }

    KeyRing keys() {
        return ring.get();
    }

    public String currentKeyId() {
        return ring.get().currentId();
    }

    @Override
    public byte[] seal(byte[] plain) {
        if (plain == null) {
            return null;
        }
        KeyRing keys = ring.get();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, iv));
            sealed = c.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
        byte[] body = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        return (PREFIX + keys.currentId() + ":" + Base64.getEncoder().encodeToString(body))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] open(byte[] stored) {
        if (stored == null) {
            return null;
        }
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(PREFIX)) {
            return stored; // written before secrets were sealed; schema 13 seals it
        }
        int colon = text.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new StoreException("a stored secret is damaged (no key id)", null);
        }
        String id = text.substring(PREFIX.length(), colon);
        SecretKey key = ring.get().key(id).orElseThrow(() -> new StoreException("a stored secret is sealed under key "
                + id + ", which this gateway does not hold (gateway.security.key-file is " + currentKeyId()
                + "): start it with the key file its database was written with", null));
        try {
            byte[] body = Base64.getDecoder().decode(text.substring(colon + 1));
            if (body.length < IV_BYTES + TAG_BITS / 8) {
                throw new StoreException("a stored secret is damaged (too short)", null);
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, body, 0, IV_BYTES));
            return c.doFinal(body, IV_BYTES, body.length - IV_BYTES);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new StoreException("a stored secret does not open under key " + id + ": it was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    @Override
    public boolean isCurrent(byte[] stored) {
        String prefix = PREFIX + ring.get().currentId() + ":";
        return stored != null && new String(stored, StandardCharsets.ISO_8859_1).startsWith(prefix);
    }
}
