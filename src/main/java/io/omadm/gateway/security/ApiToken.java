package io.omadm.gateway.security;

/**
 * A machine's credential for the operator API (bearer): shown once when made, kept only as the SHA-256 of its secret
 * ({@code hash}), with a role, an optional expiry (epoch ms, null: none) and revocation.
 */
public record ApiToken(String id, String name, String owner, Role role, String hash, long created, Long expires,
        boolean revoked) {

    public boolean valid(long now) {
        return !revoked && (expires == null || now < expires);
    }
}
