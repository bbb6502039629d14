package io.omadm.gateway.app;

import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.notification.NotificationException;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.codec.Encoding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Package 0 for the gateway itself (POST /notification without a target, or UDP): checks it came from a server the
 * gateway has an account for, with a digest made with that server's SRVCRED and nonce, and starts the session it
 * asks for. A bad or unknown notification starts nothing and leaves a log line; a repeat of one just seen (a server
 * re-sending its trigger) does not start a second session.
 */
@ApplicationScoped
@Named("notificationReceiver")
public class NotificationReceiver {

    private static final Logger LOG = Logger.getLogger(NotificationReceiver.class.getName());
    private static final Duration REPEAT_WINDOW = Duration.ofMinutes(5);

    /** What the notification endpoint answers: an HTTP status and a line of text. */
    public record Outcome(int status, String message) {
    }

    private final DmAccounts accounts;
    private final SessionRunner sessions;
    private final Map<String, Instant> recent = new LinkedHashMap<>();

    public NotificationReceiver(DmAccounts accounts, SessionRunner sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    public Outcome receive(byte[] bytes, String from) {
        Package0 p;
        try {
            p = Package0.parse(bytes);
        } catch (NotificationException e) {
            LOG.warning("Package 0 from " + from + " ignored: " + e.getMessage());
            return new Outcome(400, e.getMessage());
        }
        Optional<DmAccount> account = accounts.account(p.serverId(), Encoding.WBXML);
        if (account.isEmpty()) {
            LOG.warning("Package 0 from " + from + " ignored: no DM account for server '" + p.serverId() + "'");
            return new Outcome(401, "unknown server " + p.serverId());
        }
        if (account.get().serverSecret() == null) {
            LOG.warning("Package 0 from " + from + " ignored: no SRVCRED configured for server '" + p.serverId()
                    + "' (gateway.server.server-password) to check its digest");
            return new Outcome(401, "no credentials to verify server " + p.serverId());
        }
        Package0.Verdict v = p.verify(account.get().serverSecret(), accounts.nonces(p.serverId()).serverNonce());
        if (v == Package0.Verdict.INVALID) {
            LOG.warning("Package 0 from " + from + " ignored: bad digest for server '" + p.serverId()
                    + "' (session " + p.sessionIdHex() + ")");
            return new Outcome(401, "bad digest");
        }
        if (seenRecently(p)) {
            return new Outcome(202, "session " + p.sessionIdHex() + " already started");
        }
        LOG.info("Package 0 from server '" + p.serverId() + "': starting session " + p.sessionIdHex()
                + (v == Package0.Verdict.VALID_WITH_RESYNC_NONCE ? " (digest with the resync nonce)" : ""));
        sessions.serverInitiated(p);
        return new Outcome(202, "session " + p.sessionIdHex() + " started");
    }

    private synchronized boolean seenRecently(Package0 p) {
        Instant now = Instant.now();
        for (Iterator<Instant> it = recent.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now.minus(REPEAT_WINDOW))) {
                it.remove();
            }
        }
        String key = Base64.getEncoder().encodeToString(p.digest());
        return recent.putIfAbsent(key, now) != null;
    }
}
