package io.omadm.gateway.notification;

import io.omadm.gateway.auth.Secret;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a Package 0 is authentic (spec notes §4.2): well-formed, from a server the gateway holds an account for, and
 * digested with that server's SRVCRED and nonce (or the resync nonce). Used for notifications to the gateway itself
 * and for those it forwards to transparent-mode devices.
 */
public final class Package0Verifier {

    /** What the gateway holds for a server: its SRVCRED secret (null when none is configured) and nonce. */
    public record Account(Secret serverSecret, byte[] serverNonce) {
    }

    /** The verdict: 200 authentic, 400 malformed, 401 unknown server or bad digest; with a message saying why. */
    public record Checked(int status, String message, Package0 notification, Package0.Verdict verdict) {
        public boolean authentic() {
            return status == 200;
        }
    }

    private final Function<String, Optional<Account>> accounts;

    /** @param accounts the account the gateway holds for a server id, if any */
    public Package0Verifier(Function<String, Optional<Account>> accounts) {
        this.accounts = accounts;
    }

    public Checked check(byte[] bytes) {
        Package0 p;
        try {
            p = Package0.parse(bytes);
        } catch (NotificationException e) {
            return new Checked(400, "not a DM notification: " + e.getMessage(), null, null);
        }
        Optional<Account> account = accounts.apply(p.serverId());
        if (account.isEmpty()) {
            return new Checked(401, "no DM account for server '" + p.serverId() + "'", p, null);
        }
        if (account.get().serverSecret() == null) {
            return new Checked(401, "no SRVCRED for server '" + p.serverId() + "' (gateway.server.server-password)"
                    + " to check the digest with", p, null);
        }
        Package0.Verdict v = p.verify(account.get().serverSecret(), account.get().serverNonce());
        if (v == Package0.Verdict.INVALID) {
            return new Checked(401, "bad digest for server '" + p.serverId() + "' (session " + p.sessionIdHex() + ")",
                    p, v);
        }
        return new Checked(200, "authentic, from server '" + p.serverId() + "'", p, v);
    }
}
