package io.omadm.gateway.notification;

import io.omadm.gateway.auth.Digests;
import io.omadm.gateway.auth.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The DM notification (Package 0, spec notes §4.1): a 16-byte MD5 digest, then the trigger: 10-bit version, 2-bit
 * ui-mode, 1-bit initiator, 27 reserved bits, a 16-bit session id, the server id (length-prefixed) and an optional
 * vendor body. The digest (§4.2) is MD5(B64(MD5(serverId:password)) ":" nonce ":" B64(MD5(trigger))) with the
 * server's SRVCRED credentials and nonce.
 */
public record Package0(byte[] digest, int version, int uiMode, boolean serverInitiated, int sessionId,
        String serverId, byte[] vendorBody, byte[] trigger) {

    public static final String MEDIA_TYPE = "application/vnd.syncml.notification";
    /** DM 1.2: version 1.1 written as 11; accept 1.0 to 1.3 (§4.1: servers differ). */
    public static final int VERSION_1_2 = 11;
    private static final int DIGEST_LENGTH = 16;
    private static final int HEADER_LENGTH = DIGEST_LENGTH + 5 + 2 + 1;
    /** §4.2: the nonce a client re-checks with when the stored one fails (four zero bytes; see the notes). */
    public static final byte[] RESYNC_NONCE = new byte[4];

    /** How a notification's digest checked out. */
    public enum Verdict { VALID, VALID_WITH_RESYNC_NONCE, INVALID }

    /** Reads a notification; a malformed one is a {@link NotificationException} saying what is wrong. */
    public static Package0 parse(byte[] b) throws NotificationException {
        if (b == null || b.length < HEADER_LENGTH) {
            throw new NotificationException("a notification has at least " + HEADER_LENGTH + " bytes, this one "
                    + (b == null ? 0 : b.length));
        }
        int word = ((b[16] & 0xFF) << 8) | (b[17] & 0xFF);
        int version = word >>> 6;
        int ui = (word >>> 4) & 0x3;
        boolean server = ((word >>> 3) & 0x1) == 1;
        if (version < 10 || version > 13) {
            throw new NotificationException("notification version " + version / 10 + "." + version % 10
                    + " is not 1.0-1.3");
        }
        int session = ((b[21] & 0xFF) << 8) | (b[22] & 0xFF);
        int idLength = b[23] & 0xFF;
        if (HEADER_LENGTH + idLength > b.length) {
            throw new NotificationException("the server id (" + idLength + " bytes) runs past the end");
        }
        if (idLength == 0) {
            throw new NotificationException("the notification names no server");
        }
        String serverId = new String(b, HEADER_LENGTH, idLength, StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOfRange(b, HEADER_LENGTH + idLength, b.length);
        return new Package0(Arrays.copyOf(b, DIGEST_LENGTH), version, ui, server, session, serverId, body,
                Arrays.copyOfRange(b, DIGEST_LENGTH, b.length));
    }

    /** Writes a signed notification. */
    public static byte[] build(int version, int uiMode, boolean serverInitiated, int sessionId, String serverId,
            byte[] vendorBody, Secret serverCredentials, byte[] nonce) {
        byte[] id = serverId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 255 || sessionId < 0 || sessionId > 0xFFFF || uiMode < 0 || uiMode > 3) {
            throw new IllegalArgumentException("server id over 255 bytes, session id or ui-mode out of range");
        }
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        int word = (version << 6) | (uiMode << 4) | (serverInitiated ? 1 << 3 : 0);
        t.write(word >>> 8);
        t.write(word & 0xFF);
        t.writeBytes(new byte[3]);
        t.write(sessionId >>> 8);
        t.write(sessionId & 0xFF);
        t.write(id.length);
        t.writeBytes(id);
        t.writeBytes(vendorBody == null ? new byte[0] : vendorBody);
        byte[] trigger = t.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(digest(serverCredentials, nonce, trigger));
        out.writeBytes(trigger);
        return out.toByteArray();
    }

    /** §4.2: the digest of a trigger under a server's credentials and nonce. */
    public static byte[] digest(Secret serverCredentials, byte[] nonce, byte[] trigger) {
        return Base64.getDecoder().decode(Digests.hmac(serverCredentials, nonce, trigger));
    }

    /** Checks the digest with the stored nonce, then with the resync nonce (§4.2). */
    public Verdict verify(Secret serverCredentials, byte[] nonce) {
        if (nonce != null && MessageDigest.isEqual(digest, digest(serverCredentials, nonce, trigger))) {
            return Verdict.VALID;
        }
        if (MessageDigest.isEqual(digest, digest(serverCredentials, RESYNC_NONCE, trigger))) {
            return Verdict.VALID_WITH_RESYNC_NONCE;
        }
        return Verdict.INVALID;
    }

    /** The session id as Package 1 must carry it: upper-case hex, no leading zeros (§2.5). */
    public String sessionIdHex() {
        return Integer.toHexString(sessionId).toUpperCase(Locale.ROOT);
    }
}
