package io.omadm.gateway.southbound;

import java.time.Clock;

/**
 * Bounds the devices that may announce themselves: at most {@code max} pending at a time and {@code perMinute} new
 * ones a minute, so that anyone on the network cannot fill the inventory.
 */
final class PendingLimit {

    private final int max;
    private final int perMinute;
    private final Clock clock;
    private long windowStart;
    private int inWindow;

    PendingLimit(int max, int perMinute, Clock clock) {
        this.max = max;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Why one more pending device may not be recorded now, or null when it may (and is counted). */
    synchronized String refusal(long pendingNow) {
        if (pendingNow >= max) {
            return pendingNow + " devices already wait to be accepted (gateway.southbound.pending.max)";
        }
        long now = clock.millis();
        if (now - windowStart >= 60_000) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= perMinute) {
            return "more than " + perMinute + " new devices this minute (gateway.southbound.pending.per-minute)";
        }
        inWindow++;
        return null;
    }
}
