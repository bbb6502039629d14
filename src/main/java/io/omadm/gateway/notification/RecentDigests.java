package io.omadm.gateway.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The notifications seen within a window, by digest: a repeat of one (a server re-sending its trigger, or someone
 * replaying a captured one) is recognised. Holds at most {@code capacity} digests, so a flood cannot exhaust memory;
 * beyond that the oldest are forgotten first.
 */
public final class RecentDigests {

    private final Duration window;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Instant> seen = new LinkedHashMap<>();

    public RecentDigests(Duration window, int capacity, Clock clock) {
        this.window = window;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Records the digest; returns when it was first seen within the window, or empty when it is new. */
    public synchronized Optional<Instant> repeatOf(byte[] digest) {
        if (window.isZero() || window.isNegative()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isAfter(now.minus(window))) {
                break; // in insertion order: the rest are younger
            }
            it.remove();
        }
        String key = Base64.getEncoder().encodeToString(digest);
        Instant first = seen.get(key);
        if (first != null) {
            return Optional.of(first);
        }
        if (seen.size() >= capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        seen.put(key, now);
        return Optional.empty();
    }

    /** Forgets a digest (what it stood for did not happen: a failed delivery may be retried). */
    public synchronized void forget(byte[] digest) {
        seen.remove(Base64.getEncoder().encodeToString(digest));
    }
}
