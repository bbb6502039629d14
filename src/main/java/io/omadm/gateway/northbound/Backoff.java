package io.omadm.gateway.northbound;

import java.time.Duration;

/**
 * How long to wait before trying again after {@code failures} failed attempts: 5 s, 10 s, 20 s ... capped at 10 minutes,
 * so an outage or a refused password is waited out without hammering the DM server.
 */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(5);
    public static final Duration MAX = Duration.ofMinutes(10);

    private Backoff() {
    }

    public static Duration after(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration d = FIRST.multipliedBy(1L << Math.min(failures - 1, 10));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
