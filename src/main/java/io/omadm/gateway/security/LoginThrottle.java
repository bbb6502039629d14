package io.omadm.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Failed sign-ins slowed down (IEC 62443-3-3 SR 1.11): after {@code maxFailures} failures within the lockout period
 * from one source address, that address is refused (429) until the period has passed; the same for one user name from
 * one address. A right password from another address is not held up by someone guessing elsewhere. Each lockout is
 * logged and counted. Kept in memory (a restart forgets it), bounded in size.
 */
public final class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());
    private static final int MAX_ENTRIES = 100_000;

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong lockouts = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    /** Failures since {@code first}, and until when the key is locked (null: not locked). */
    private record Window(int failures, Instant first, Instant lockedUntil) {
    }

    public LoginThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long the address, or the user from that address, stays refused; empty when it may try. */
    public Optional<Duration> locked(String address, String user) {
        Instant now = clock.instant();
        Optional<Duration> a = remaining(address, now);
        Optional<Duration> u = user == null ? Optional.empty() : remaining(user + "@" + address, now);
        if (a.isPresent() || u.isPresent()) {
            refusals.incrementAndGet();
        }
        return a.isPresent() ? a : u;
    }

    /** How long a key stays refused, for showing it (not counted as a refused attempt). */
    public Optional<Duration> lockedFor(String key) {
        return remaining(key, clock.instant());
    }

    private Optional<Duration> remaining(String key, Instant now) {
        Window w = windows.get(key);
        if (w == null || w.lockedUntil() == null || !now.isBefore(w.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, w.lockedUntil()));
    }

    public void failed(String address, String user) {
        Instant now = clock.instant();
        count(address, now, "address " + address);
        if (user != null) {
            count(user + "@" + address, now, "user '" + user + "' from " + address);
        }
    }

    /** A right password: the user's failures from that address are forgotten (the address's are not). */
    public void succeeded(String address, String user) {
        windows.remove(user + "@" + address);
    }

    /** Forgets the failures counted for a key (a device that authenticated at last). */
    public void forget(String address) {
        windows.remove(address);
    }

    /** Lockouts since the start (a metric). */
    public long lockouts() {
        return lockouts.get();
    }

    /** Attempts refused while locked (a metric). */
    public long refusals() {
        return refusals.get();
    }

    private void count(String key, Instant now, String who) {
        if (windows.size() >= MAX_ENTRIES) {
            evictExpired(now);
        }
        Window w = windows.compute(key, (k, old) -> {
            if (old == null || now.isAfter(old.first().plus(lockout))
                    && (old.lockedUntil() == null || !now.isBefore(old.lockedUntil()))) {
                return new Window(1, now, null);
            }
            int failures = old.failures() + 1;
            Instant until = old.lockedUntil() == null && failures >= maxFailures ? now.plus(lockout)
                    : old.lockedUntil();
            return new Window(failures, old.first(), until);
        });
        if (w.failures() == maxFailures && w.lockedUntil() != null) {
            lockouts.incrementAndGet();
            LOG.warning("sign-in locked for " + lockout.toSeconds() + " s: " + maxFailures + " failures from " + who);
        }
    }

    private void evictExpired(Instant now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (now.isAfter(w.first().plus(lockout)) && (w.lockedUntil() == null || now.isAfter(w.lockedUntil()))) {
                it.remove();
            }
        }
    }
}
