package io.omadm.gateway.security.http;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who a caller of the operator API is, as the audit trail names it: {@code user:<name>}, or {@code token:<id>/<owner>}
 * for an API token (its id, and the user who made it), {@code certificate:<CN>} for a client certificate.
 */
public final class Actor {

    private Actor() {
    }

    public static String of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return "anonymous";
        }
        Object via = identity.getAttribute(Identities.VIA);
        String name = identity.getPrincipal().getName();
        if (via instanceof String v && v.startsWith("token:")) {
            return v + "/" + name;
        }
        return "certificate".equals(via) ? "certificate:" + name : "user:" + name;
    }
}
