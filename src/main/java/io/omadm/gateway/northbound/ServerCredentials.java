package io.omadm.gateway.northbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.HmacHeader;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.util.List;
import java.util.logging.Logger;

/**
 * The DM server's side of authentication in a session (spec notes §3.1): its credentials checked with the same
 * {@link Authenticator} the southbound server uses, once per session (basic, MD5) or on every message (HMAC), when
 * the gateway holds the server's SRVCRED.
 */
final class ServerCredentials {

    private static final Logger LOG = Logger.getLogger(ServerCredentials.class.getName());

    private final DmAccount account;
    private final NonceKeeper nonces;
    private final Authenticator check;
    private boolean accepted;

    ServerCredentials(DmAccount account, NonceKeeper nonces, Nonces nonceSource) {
        this.account = account;
        this.nonces = nonces;
        this.check = account.serverAuth() == null ? null : new Authenticator(account.serverAuth(), nonceSource);
    }

    /** The decision on the server's message, or null when it is not checked (no SRVCRED, or accepted already). */
    AuthDecision check(SyncMLMessage in, DmTransport.Reply reply) {
        if (check == null || (accepted && account.serverAuth() != AuthType.HMAC)) {
            return null;
        }
        AuthDecision d = check.decide(AuthRequest.of(in, reply.headers().get(HmacHeader.NAME), reply.body()),
                account.serverSecret(), nonces.serverNonce());
        if (d.authenticated()) {
            accepted = true;
        } else {
            LOG.warning("DM server " + account.serverId() + " not authenticated: " + d.reason() + " (" + d.status()
                    + ")");
        }
        return d;
    }

    /** The gateway's Status for the server's header: the decision (and its challenge), or 200 when not checked. */
    static Status headerStatus(SyncMLMessage in, AuthDecision d) {
        int code = d == null ? StatusCode.OK.code() : d.status();
        return new Status("0", in.header().msgId(), "0", "SyncHdr", List.of(in.header().target().locUri()),
                List.of(in.header().source().locUri()), null, d == null ? null : d.chal(), code, List.of());
    }
}
