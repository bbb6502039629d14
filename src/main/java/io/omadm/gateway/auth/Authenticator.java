package io.omadm.gateway.auth;

import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.StatusCode;
import java.util.Optional;

/**
 * Decides 212/200/401/407 for a received message (spec notes §3.1): one component for both ends, the gateway as DM
 * server (checking devices) and as DM client (checking the DM server's credentials). It holds no state; the caller
 * keeps the current nonce per peer and stores each {@link AuthDecision#nextNonce()}.
 *
 * <ul>
 *   <li>No credentials: 407 with a Chal for the required scheme (and a fresh nonce for MD5/HMAC).</li>
 *   <li>Wrong scheme, wrong user or wrong digest: 401 with a Chal and a fresh nonce (the peer may hold a stale
 *       one).</li>
 *   <li>Basic or MD5 right: 212, valid for the rest of the session; MD5 also gets a fresh nonce for the next session,
 *       so a captured digest cannot be replayed.</li>
 *   <li>HMAC right: 200 and a fresh nonce, because every message of an HMAC session is MACed with a new nonce.</li>
 * </ul>
 */
public final class Authenticator {

    private final AuthType required;
    private final Nonces nonces;

    public Authenticator(AuthType required, Nonces nonces) {
        this.required = required;
        this.nonces = nonces;
    }

    public AuthType required() {
        return required;
    }

    /**
     * @param expected the credentials the peer must prove (from its DMAcc AppAuth or the device record)
     * @param currentNonce the nonce we last gave this peer (null for basic)
     */
    public AuthDecision decide(AuthRequest request, Secret expected, byte[] currentNonce) {
        return switch (required) {
            case BASIC -> basic(request.cred(), expected);
            case MD5 -> md5(request, expected, currentNonce);
            case HMAC -> hmac(request, expected, currentNonce);
        };
    }

    private AuthDecision basic(Cred cred, Secret expected) {
        if (cred == null) {
            return challenge(StatusCode.AUTHENTICATION_REQUIRED, "no credentials");
        }
        if (!offers(cred, AuthType.BASIC)) {
            return challenge(StatusCode.UNAUTHORIZED, "credentials of another scheme than " + required.metaType());
        }
        if (isText(cred) && Digests.constantTimeEquals(Digests.basic(expected), cred.data().asText().trim())) {
            return new AuthDecision(StatusCode.AUTHENTICATION_ACCEPTED.code(), null, null, "basic credentials valid");
        }
        return challenge(StatusCode.UNAUTHORIZED, "wrong user name or password");
    }

    private AuthDecision md5(AuthRequest request, Secret expected, byte[] currentNonce) {
        Cred cred = request.cred();
        if (cred == null) {
            return challenge(StatusCode.AUTHENTICATION_REQUIRED, "no credentials");
        }
        if (!offers(cred, AuthType.MD5)) {
            return challenge(StatusCode.UNAUTHORIZED, "credentials of another scheme than " + required.metaType());
        }
        if (request.locName() != null && !request.locName().equals(expected.username())) {
            return challenge(StatusCode.UNAUTHORIZED, "unknown user " + request.locName());
        }
        if (currentNonce != null && isText(cred)
                && Digests.constantTimeEquals(Digests.md5(expected, currentNonce), cred.data().asText().trim())) {
            byte[] next = nonces.next();
            return new AuthDecision(StatusCode.AUTHENTICATION_ACCEPTED.code(), Nonces.challenge(required, next), next,
                    "md5 digest valid");
        }
        return challenge(StatusCode.UNAUTHORIZED, "wrong md5 digest");
    }

    private AuthDecision hmac(AuthRequest request, Secret expected, byte[] currentNonce) {
        if (request.hmacHeader() == null) {
            return challenge(StatusCode.AUTHENTICATION_REQUIRED, "no " + HmacHeader.NAME + " header");
        }
        Optional<HmacHeader> header = HmacHeader.parse(request.hmacHeader());
        if (header.isEmpty()) {
            return challenge(StatusCode.UNAUTHORIZED, "malformed " + HmacHeader.NAME + " header");
        }
        HmacHeader h = header.get();
        if (!h.isMd5()) {
            return challenge(StatusCode.UNAUTHORIZED, "unsupported HMAC algorithm " + h.algorithm());
        }
        if (!h.username().equals(expected.username())) {
            return challenge(StatusCode.UNAUTHORIZED, "unknown user " + h.username());
        }
        if (currentNonce != null
                && Digests.constantTimeEquals(Digests.hmac(expected, currentNonce, request.body()), h.mac())) {
            byte[] next = nonces.next();
            return new AuthDecision(StatusCode.OK.code(), Nonces.challenge(required, next), next, "hmac valid");
        }
        return challenge(StatusCode.UNAUTHORIZED, "wrong mac");
    }

    /** A Cred whose Data is text (markup or nothing is no credential). */
    private static boolean isText(Cred cred) {
        return cred.data() != null && !(cred.data() instanceof Data.Tnds);
    }

    private static boolean offers(Cred cred, AuthType type) {
        String metaType = cred.meta() == null ? null : cred.meta().type();
        // A Cred without Meta Type is basic by the SyncML default.
        return metaType == null ? type == AuthType.BASIC : AuthType.ofMetaType(metaType).orElse(null) == type;
    }

    private AuthDecision challenge(StatusCode status, String reason) {
        byte[] next = required == AuthType.BASIC ? null : nonces.next();
        return new AuthDecision(status.code(), Nonces.challenge(required, next), next, reason);
    }
}
