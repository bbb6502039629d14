package io.omadm.gateway.auth;

import io.omadm.gateway.syncml.Chal;
import io.omadm.gateway.syncml.Meta;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Nonces for MD5 and HMAC: 16 random octets, as the DM security spec recommends, sent b64-encoded as NextNonce in a
 * Chal (spec notes §3.1, §3.3).
 */
public final class Nonces {
    public static final int LENGTH = 16;

    private final SecureRandom random;

    public Nonces(SecureRandom random) {
        this.random = random;
    }

    public Nonces() {
        this(new SecureRandom());
    }

    public byte[] next() {
        byte[] nonce = new byte[LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /** A challenge for a scheme: Type and Format b64, and for MD5 and HMAC the nonce the peer must use next. */
    public static Chal challenge(AuthType type, byte[] nextNonce) {
        Meta meta = Meta.format("b64").withType(type.metaType());
        if (nextNonce != null) {
            meta = meta.withNextNonce(Base64.getEncoder().encodeToString(nextNonce));
        }
        return new Chal(meta);
    }

    /** The raw nonce bytes of a Chal's NextNonce, or empty when it has none or it is not b64. */
    public static Optional<byte[]> nextNonce(Chal chal) {
        if (chal == null || chal.meta().nextNonce() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getMimeDecoder().decode(chal.meta().nextNonce()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
