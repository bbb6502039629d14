package io.omadm.gateway.northbound;

import io.omadm.gateway.audit.AuditEvent;
import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.AlertCode;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.tree.DmTree;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Runs the gateway's DM sessions with the upstream server, one at a time: at start, on the schedule, when an alert is
 * queued (requests that arrive while one is waiting join it), and at once when a verified Package 0 asks. After a
 * failed session (refused credentials, an outage) the next client-initiated one waits a backoff that doubles up to
 * ten minutes, and is then tried again so queued alerts still go out.
 */
public final class SessionRunner {

    private static final Logger LOG = Logger.getLogger(SessionRunner.class.getName());

    /** gateway.server.*: the preferred server, the encoding of sessions, the schedule (zero: none). */
    public record Settings(String serverId, Encoding encoding, Duration interval) {
    }

    private final AuditTrail audit;
    private final Settings settings;
    private final DmTree tree;
    private final ServerAccounts accounts;
    private final AlertQueue alerts;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dm-session");
        t.setDaemon(true);
        return t;
    });
    private final SyncMLCodec codec = new SyncMLCodec();
    private final Nonces nonces = new Nonces();
    private final JdkHttpTransport transport;
    private final AtomicInteger sessionIds = new AtomicInteger(1 + new SecureRandom().nextInt(0xFFF0));
    private final AtomicInteger sessionsRun = new AtomicInteger();
    private boolean queued; // guarded by this
    private Instant notBefore = Instant.EPOCH; // guarded by this
    private int failures; // guarded by this
    private volatile ClientSession.Result last;
    private volatile Instant lastAt;

    /** @param audit told of every change the server's commands made to the tree (IEC 62443: who changed what) */
    public SessionRunner(Settings settings, JdkHttpTransport transport, DmTree tree, ServerAccounts accounts,
            AlertQueue alerts, AuditTrail audit) {
        this.audit = audit;
        this.settings = settings;
        this.transport = transport;
        this.tree = tree;
        this.accounts = accounts;
        this.alerts = alerts;
    }

    /** Sessions run when there is a server to talk to: from config, or from a bootstrap. */
    public boolean enabled() {
        return !accounts.serverIds().isEmpty();
    }

    /** The server sessions go to: gateway.server.id when it has an account, else the account a bootstrap gave. */
    public Optional<String> serverId() {
        List<String> ids = accounts.serverIds();
        return ids.contains(settings.serverId()) ? Optional.of(settings.serverId()) : ids.stream().findFirst();
    }

    /** At the gateway's start: the first session, when there is a server. */
    public void start() {
        if (enabled()) {
            request("start");
        } else {
            LOG.info("no DM account (gateway.server.url is empty, no bootstrap): running standalone, no DM sessions");
        }
    }

    /** An alert was queued: a session carries it. */
    public void alertQueued(AlertQueued ev) {
        request("alert " + ev.id() + " queued");
    }

    /** The schedule's tick (routes/northbound.yaml). */
    public void scheduled() {
        if (!settings.interval().isZero()) {
            request("schedule");
        }
    }

    /** A client-initiated session, as soon as the backoff allows; joins one already waiting. */
    public synchronized void request(String why) {
        if (!enabled() || queued) {
            return;
        }
        queued = true;
        long delay = Math.max(0, Duration.between(Instant.now(), notBefore).toMillis());
        LOG.fine("DM session requested (" + why + ")" + (delay > 0 ? ", in " + delay + " ms" : ""));
        executor.schedule(() -> {
            synchronized (this) {
                queued = false;
            }
            run(AlertCode.CLIENT_INITIATED_MGMT.code(), nextSessionId());
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A server-initiated session for a verified Package 0, with its session id (§2.5). */
    public void serverInitiated(Package0 notification) {
        executor.execute(() -> run(AlertCode.SERVER_INITIATED_MGMT.code(), notification.sessionIdHex()));
    }

    private void run(int alertCode, String sessionId) {
        Optional<String> serverId = serverId();
        Optional<DmAccount> account = serverId.flatMap(id -> accounts.account(id, settings.encoding()));
        if (account.isEmpty()) {
            LOG.warning("no DM account to start a session with");
            return;
        }
        ClientSession.Result r = new ClientSession(account.get(), accounts.nonces(serverId.get()), tree,
                alerts, transport, codec, ClientSession.Limits.DEFAULT, Clock.systemUTC(), nonces)
                .run(alertCode, sessionId);
        last = r;
        lastAt = Instant.now();
        sessionsRun.incrementAndGet();
        String server = "dm-server:" + serverId.get();
        String from = String.valueOf(account.get().serverUrl().getHost());
        long now = System.currentTimeMillis();
        r.changes().forEach(c -> audit.record(AuditEvent.of(now, server, from, c.command(), c.target(), c.status())));
        synchronized (this) {
            if (r.ok()) {
                failures = 0;
                notBefore = Instant.EPOCH;
                return;
            }
            failures++;
            Duration wait = Backoff.after(failures);
            notBefore = Instant.now().plus(wait);
            LOG.warning("DM session failed (" + r.outcome() + "); next attempt in " + wait.toSeconds() + " s");
        }
        request("retry after " + r.outcome());
    }

    private String nextSessionId() {
        return Integer.toHexString(sessionIds.updateAndGet(i -> i >= 0xFFFF ? 1 : i + 1)).toUpperCase(Locale.ROOT);
    }

    public Optional<ClientSession.Result> lastResult() {
        return Optional.ofNullable(last);
    }

    public int sessionsRun() {
        return sessionsRun.get();
    }

    /** When the last session ended; empty before the first. */
    public Optional<Instant> lastSessionAt() {
        return Optional.ofNullable(lastAt);
    }

    /**
     * When the next session may start: after failures, the backoff's wait; else the next scheduled one (the interval
     * after the last), or now when none ran yet.
     */
    public synchronized Instant nextSessionAt() {
        if (failures > 0) {
            return notBefore;
        }
        Instant at = lastAt;
        return at == null ? Instant.now() : at.plus(settings.interval());
    }

    public void stop() {
        executor.shutdownNow();
    }
}
