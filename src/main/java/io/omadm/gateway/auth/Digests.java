package io.omadm.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The digest formulas of OMA DM 1.2 security (spec notes §3.2-3.4), all built on B64(MD5(...)). Nonces are raw bytes
 * (the b64-decoded NextNonce).
 */
public final class Digests {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Digests() {
    }

    /** syncml:auth-basic: B64("user:password"). */
    public static String basic(Secret s) {
        return B64.encodeToString((s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** B64(MD5("user:password")): all an authenticator needs to keep instead of the password. */
    public static String userDigest(Secret s) {
        return b64md5((s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** syncml:auth-md5: B64(MD5(B64(MD5("user:password")) ":" nonce)). */
    public static String md5(Secret s, byte[] nonce) {
        return b64md5(concat(userDigest(s), nonce));
    }

    /** The x-syncml-hmac mac: B64(MD5(B64(MD5("user:password")) ":" nonce ":" B64(MD5(body)))). */
    public static String hmac(Secret s, byte[] nonce, byte[] body) {
        byte[] head = concat(userDigest(s), nonce);
        byte[] tail = (":" + b64md5(body)).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return b64md5(all);
    }

    /** Compares secrets in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /** "digest:nonce" with the nonce as raw bytes. */
    private static byte[] concat(String digest, byte[] nonce) {
        byte[] d = (digest + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[d.length + nonce.length];
        System.arraycopy(d, 0, out, 0, d.length);
        System.arraycopy(nonce, 0, out, d.length, nonce.length);
        return out;
    }

    static String b64md5(byte[] bytes) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
