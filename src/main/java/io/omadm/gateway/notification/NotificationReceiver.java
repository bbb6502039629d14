package io.omadm.gateway.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Package 0 for the gateway itself (POST /notification without a target, or UDP): checks it came from a server the
 * gateway has an account for, with a digest made with that server's SRVCRED and nonce, and starts the session it
 * asks for. A bad or unknown notification starts nothing and leaves a log line; a repeat of one just seen (a server
 * re-sending its trigger) does not start a second session.
 */
public final class NotificationReceiver {

    private static final Logger LOG = Logger.getLogger(NotificationReceiver.class.getName());
    private static final Duration REPEAT_WINDOW = Duration.ofMinutes(5);

    /** What the notification endpoint answers: an HTTP status and a line of text. */
    public record Outcome(int status, String message) {
    }

    private final Package0Verifier verifier;
    private final Consumer<Package0> startSession;
    private final RecentDigests recent = new RecentDigests(REPEAT_WINDOW, 10_000, Clock.systemUTC());

    /**
     * @param verifier checks a notification against the gateway's DM accounts
     * @param startSession starts the server-initiated session a verified notification asks for
     */
    public NotificationReceiver(Package0Verifier verifier, Consumer<Package0> startSession) {
        this.verifier = verifier;
        this.startSession = startSession;
    }

    public Outcome receive(byte[] bytes, String from) {
        Package0Verifier.Checked c = verifier.check(bytes);
        if (!c.authentic()) {
            LOG.warning("Package 0 from " + from + " ignored: " + c.message());
            return new Outcome(c.status(), c.message());
        }
        Package0 p = c.notification();
        if (recent.repeatOf(p.digest()).isPresent()) {
            return new Outcome(202, "session " + p.sessionIdHex() + " already started");
        }
        LOG.info("Package 0 from server '" + p.serverId() + "': starting session " + p.sessionIdHex()
                + (c.verdict() == Package0.Verdict.VALID_WITH_RESYNC_NONCE ? " (digest with the resync nonce)" : ""));
        startSession.accept(p);
        return new Outcome(202, "session " + p.sessionIdHex() + " started");
    }
}
