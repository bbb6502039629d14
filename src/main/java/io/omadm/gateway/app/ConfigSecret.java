package io.omadm.gateway.app;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret for the configuration file, encrypted as Quarkus's {@code quarkus config set --encrypt} does it, for the
 * AES/GCM/NoPadding secret handler of SmallRye Config (smallrye-config-crypto) to decrypt at start:
 * {@code ${aes-gcm-nopadding::<value>}}, the key in
 * {@code smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key} (from the environment). The value is
 * base64url of: the IV's length (one byte), the IV, the ciphertext with its 128-bit tag; the AES key is the SHA-256 of
 * the key text.
 */
public final class ConfigSecret {

    public static final String KEY_PROPERTY = "smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key";
    static final String KEY_ENV = "SMALLRYE_CONFIG_SECRET_HANDLER_AES_GCM_NOPADDING_ENCRYPTION_KEY";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConfigSecret() {
    }

    /** A new encryption key: 32 random bytes, base64url. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** {@code ${aes-gcm-nopadding::...}} for the secret under the key. */
    public static String encrypt(String secret, String key) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            byte[] aesKey = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(1 + iv.length + sealed.length).put((byte) iv.length).put(iv)
                    .put(sealed);
            return "${aes-gcm-nopadding::" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()) + "}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available: " + e.getMessage(), e);
        }
    }
}
