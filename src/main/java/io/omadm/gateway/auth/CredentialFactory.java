package io.omadm.gateway.auth;

import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Meta;

/**
 * The other half: what a sender puts in its message to authenticate, as DM client (CLCRED) or DM server (SRVCRED).
 * Basic and MD5 go in the SyncHdr Cred; HMAC goes in the x-syncml-hmac header over the exact body bytes.
 */
public final class CredentialFactory {
    private CredentialFactory() {
    }

    /** The SyncHdr Cred for basic or MD5 (the user name also goes in Source/LocName). */
    public static Cred cred(AuthType type, Secret secret, byte[] nonce) {
        String data = switch (type) {
            case BASIC -> Digests.basic(secret);
            case MD5 -> {
                if (nonce == null) {
                    throw new IllegalArgumentException("an MD5 digest needs the peer's nonce");
                }
                yield Digests.md5(secret, nonce);
            }
            case HMAC -> throw new IllegalArgumentException("HMAC goes in the x-syncml-hmac header, not in Cred");
        };
        return new Cred(Meta.format("b64").withType(type.metaType()), Data.text(data));
    }

    /** The x-syncml-hmac header value for a message body about to be sent. */
    public static String hmacHeader(Secret secret, byte[] nonce, byte[] body) {
        return HmacHeader.md5(secret.username(), Digests.hmac(secret, nonce, body)).format();
    }
}
