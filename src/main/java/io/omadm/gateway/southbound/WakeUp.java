package io.omadm.gateway.southbound;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.transparent.NotificationDelivery;
import io.omadm.gateway.transparent.NotificationTarget;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Wakes a proxy-mode device that has commands waiting (B.3): a Package 0 the gateway builds and signs as the device's
 * DM server (its ServerID and SRVCRED secret in the device's account, with the nonce the device gave it, or the resync
 * nonce before it gave any), sent to the device's inventory Address: UDP (port 2948 unless given) or an HTTP POST,
 * through the same delivery as transparent mode. A device in session is not woken, nor one woken within the last
 * {@code quiet} and not come by since (a burst of commands is one wake-up). A device the gateway cannot wake still
 * gets its commands in its own next session; why it could not is logged, naming the device.
 */
public final class WakeUp {

    private static final Logger LOG = Logger.getLogger(WakeUp.class.getName());

    private final Inventory inventory;
    private final DeviceAccounts accounts;
    private final NotificationDelivery delivery;
    private final Predicate<String> inSession;
    private final Executor executor;
    private final Duration quiet;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> lastWoken = new ConcurrentHashMap<>();

    public WakeUp(Inventory inventory, DeviceAccounts accounts, NotificationDelivery delivery,
            Predicate<String> inSession, Executor executor, Duration quiet, Clock clock) {
        this.inventory = inventory;
        this.accounts = accounts;
        this.delivery = delivery;
        this.inSession = inSession;
        this.executor = executor;
        this.quiet = quiet;
        this.clock = clock;
    }

    /** Wakes the device in the background unless it is in session or was woken a moment ago. */
    public void wake(String devId) {
        if (inSession.test(devId)) {
            return;
        }
        long now = clock.millis();
        Long before = lastWoken.get(devId);
        if (before != null && now - before < quiet.toMillis()) {
            return;
        }
        lastWoken.put(devId, now);
        try {
            executor.execute(() -> {
                try {
                    wakeNow(devId);
                } catch (RuntimeException e) {
                    LOG.warning("cannot wake " + devId + ": " + e);
                }
            });
        } catch (RejectedExecutionException busy) {
            // the command is queued all the same: the device gets it in its own next session, or a later wake-up
            lastWoken.remove(devId);
            LOG.warning("device " + devId + " not woken now: every wake-up thread is busy");
        }
    }

    /** The device opened a session: the next command wakes it again, however soon. */
    public void cameBy(String devId) {
        lastWoken.remove(devId);
    }

    /** Sends the Package 0 now; what was done, or why nothing could be. */
    String wakeNow(String devId) {
        Optional<DeviceRecord> device = inventory.find(devId);
        Optional<NotificationTarget> target = device.flatMap(d -> NotificationTarget.of(d.address()));
        if (target.isEmpty()) {
            // normal for a device that calls in on its own schedule: not worth a warning per command
            String why = "not woken: its inventory Address (" + device.map(DeviceRecord::address).orElse(null)
                    + ") is no UDP or HTTP address; its commands wait for its own next session";
            LOG.fine("device " + devId + " " + why);
            return why;
        }
        DeviceAccount account = accounts.of(devId);
        if (account.server().isEmpty()) {
            return log(devId, "not woken: the gateway has no ServerID and secret in its DMAcc to sign a Package 0"
                    + " (bootstrap it, or PUT /api/v1/devices/{d}/account)");
        }
        byte[] nonce = account.serverNonce() != null ? account.serverNonce() : Package0.RESYNC_NONCE;
        byte[] notification = Package0.build(Package0.VERSION_1_2, 0, true, 1 + random.nextInt(0xFFFF),
                account.serverId(), null, account.server().get(), nonce);
        try {
            delivery.deliver(target.get(), notification);
        } catch (Exception e) {
            lastWoken.remove(devId); // the next command tries again
            return log(devId, "not woken: " + target.get() + " refused the Package 0 (" + e.getMessage() + ")");
        }
        LOG.fine("woke " + devId + " at " + target.get());
        return "woken at " + target.get();
    }

    private static String log(String devId, String message) {
        LOG.warning("device " + devId + " " + message);
        return message;
    }
}
