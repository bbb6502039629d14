package io.omadm.gateway.auth;

import io.omadm.gateway.syncml.Chal;
import io.omadm.gateway.syncml.StatusCode;

/**
 * The verdict on a message's credentials, as the Status for its SyncHdr: 212 (authenticated for the session), 200
 * (HMAC: authenticated for this message), 401 (wrong credentials) or 407 (missing). {@code chal} goes in that Status
 * when not null. {@code nextNonce}, when not null, is the nonce the peer must use from now on: the caller stores it
 * (durably, for the next session) before it answers.
 */
public record AuthDecision(int status, Chal chal, byte[] nextNonce, String reason) {

    public boolean authenticated() {
        return status == StatusCode.AUTHENTICATION_ACCEPTED.code() || status == StatusCode.OK.code();
    }
}
