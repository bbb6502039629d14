package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.keys.AesGcmSealer;
import io.omadm.gateway.testing.MutableClock;
import io.omadm.gateway.transparent.NotificationTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the gateway wakes a proxy-mode device and with what: a Package 0 signed with the device's account, once per
 * quiet window unless the device came by, never one in session; a device without an Address or an account is not
 * woken and the reason names what is missing; a refused delivery or a full pool lets the next command try again.
 * The transport is a recording one here: the real UDP and HTTP deliveries are in ProxyWakeUpTest and
 * DeviceBootstrapTest.
 */
class WakeUpTest {

    @TempDir
    Path dataDir;
    private Database db;
    private Inventory inventory;
    private DeviceAccounts accounts;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<byte[]> sent = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final Set<String> inSession = new java.util.HashSet<>();
    private boolean refuse;

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dataDir), "sa", "", 4);
        inventory = new Inventory(
                new JdbcDeviceStore(db.dataSource(), AesGcmSealer.withNewKey()), clock, Duration.ofMinutes(5),
                () -> Mode.PROXY);
        accounts = new JdbcDeviceAccounts(db.dataSource(), AesGcmSealer.withNewKey());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private WakeUp wakeUp() {
        return new WakeUp(inventory, accounts, (NotificationTarget t, byte[] n) -> {
            if (refuse) {
                throw new IOException("connection refused");
            }
            targets.add(t.toString());
            sent.add(n);
        }, inSession::contains, Runnable::run, Duration.ofSeconds(10), clock);
    }

    private void device(String devId, String address, boolean account) {
        inventory.register(Registration.of(devId, Mode.PROXY, "omadm", address));
        if (account) {
            accounts.save(new DeviceAccount(devId, AuthType.MD5, "gw", "gw-secret", null,
                    "nonce-1".getBytes()));
        }
    }

    @Test
    void aDeviceIsWokenWithAPackage0SignedForItOncePerQuietWindowUnlessItCameBy() throws Exception {
        device("d1", "127.0.0.1:4000", true);
        WakeUp w = wakeUp();
        w.wake("d1");
        assertEquals(List.of("udp://127.0.0.1:4000"), targets);
        Package0 p = Package0.parse(sent.get(0));
        assertEquals("gw", p.serverId());
        assertTrue(p.serverInitiated());
        assertEquals(Package0.Verdict.VALID, p.verify(new Secret("gw", "gw-secret"), "nonce-1".getBytes()));

        w.wake("d1");
        assertEquals(1, sent.size(), "within the quiet window: not again");
        w.cameBy("d1");
        w.wake("d1");
        assertEquals(2, sent.size(), "it came by since: woken again");
        clock.advance(Duration.ofSeconds(11));
        w.wake("d1");
        assertEquals(3, sent.size(), "the window is over");

        inSession.add("d1");
        clock.advance(Duration.ofSeconds(11));
        w.wake("d1");
        assertEquals(3, sent.size(), "in session: no wake-up");
    }

    @Test
    void whatIsMissingIsSaidAndAFailedDeliveryLetsTheNextCommandTryAgain() {
        device("no-address", null, true);
        device("no-account", "127.0.0.1:4001", false);
        device("refusing", "http://127.0.0.1:1/push", true);
        WakeUp w = wakeUp();
        assertTrue(w.wakeNow("no-address").contains("Address"), w.wakeNow("no-address"));
        assertTrue(w.wakeNow("no-account").contains("no ServerID and secret"), w.wakeNow("no-account"));
        assertTrue(sent.isEmpty());

        refuse = true;
        w.wake("refusing");
        refuse = false;
        w.wake("refusing");
        assertEquals(List.of("http://127.0.0.1:1/push"), targets, "the refused one did not hold the next back");

        WakeUp full = new WakeUp(inventory, accounts, (t, n) -> sent.add(n), d -> false, r -> {
            throw new RejectedExecutionException("full");
        }, Duration.ofSeconds(10), clock);
        full.wake("refusing"); // does not throw: the command stays queued for the device's own session
        assertEquals(1, sent.size());
    }
}
