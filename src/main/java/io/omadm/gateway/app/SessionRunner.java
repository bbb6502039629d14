package io.omadm.gateway.app;

import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.Backoff;
import io.omadm.gateway.northbound.ClientSession;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.northbound.JdkHttpTransport;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.AlertCode;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.tree.DmTree;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Named;
import java.nio.file.Path;
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
import javax.net.ssl.SSLContext;

/**
 * Runs the gateway's DM sessions with the upstream server, one at a time: at start, on the schedule, when an alert is
 * queued (requests that arrive while one is waiting join it), and at once when a verified Package 0 asks. After a
 * failed session (refused credentials, an outage) the next client-initiated one waits a backoff that doubles up to
 * ten minutes, and is then tried again so queued alerts still go out.
 */
@ApplicationScoped
@Named("sessionRunner")
public class SessionRunner {

    private static final Logger LOG = Logger.getLogger(SessionRunner.class.getName());

    private final GatewayConfig config;
    private final DmTree tree;
    private final DmAccounts accounts;
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

    public SessionRunner(GatewayConfig config, DmTree tree, DmAccounts accounts, AlertQueue alerts) {
        this.config = config;
        this.tree = tree;
        this.accounts = accounts;
        this.alerts = alerts;
        SSLContext ssl = config.server().trustStore().map(p -> JdkHttpTransport.trusting(Path.of(p),
                config.server().trustStorePassword().orElse("").toCharArray(), config.server().trustStoreType()))
                .orElse(null);
        this.transport = new JdkHttpTransport(config.server().timeout(), ssl);
    }

    /** Sessions run when there is a server to talk to: from config, or from a bootstrap. */
    public boolean enabled() {
        return !accounts.serverIds().isEmpty();
    }

    /** The server sessions go to: gateway.server.id when it has an account, else the account a bootstrap gave. */
    private Optional<String> serverId() {
        List<String> ids = accounts.serverIds();
        return ids.contains(config.server().id()) ? Optional.of(config.server().id())
                : ids.stream().findFirst();
    }

    void onStart(@Observes StartupEvent ev) {
        if (enabled()) {
            request("start");
        } else {
            LOG.info("no DM account (gateway.server.url is empty, no bootstrap): running standalone, no DM sessions");
        }
    }

    void onAlert(@ObservesAsync AlertQueued ev) {
        request("alert " + ev.id() + " queued");
    }

    /** The schedule's tick (routes/northbound.yaml). */
    public void scheduled() {
        if (!config.server().sessionInterval().isZero()) {
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
        Optional<DmAccount> account = serverId.flatMap(id -> accounts.account(id, encoding()));
        if (account.isEmpty()) {
            LOG.warning("no DM account to start a session with");
            return;
        }
        ClientSession.Result r = new ClientSession(account.get(), accounts.nonces(serverId.get()), tree,
                alerts, transport, codec, ClientSession.Limits.DEFAULT, Clock.systemUTC(), nonces)
                .run(alertCode, sessionId);
        last = r;
        sessionsRun.incrementAndGet();
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

    private Encoding encoding() {
        return config.server().encoding().toLowerCase(Locale.ROOT).equals("xml") ? Encoding.XML : Encoding.WBXML;
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

    void stop(@Observes ShutdownEvent ev) {
        executor.shutdownNow();
    }
}
