package io.omadm.gateway.adaptation.link;

import java.time.Duration;

/**
 * How long a device link waits before its next connection attempt after {@code failures} attempts in a row failed:
 * {@code initial}, times {@code multiplier} at each further failure, never more than {@code ceiling}
 * (gateway.adapters.reconnect.*). Only connection attempts count; a request refused while the link waits does not.
 */
public record ReconnectPolicy(Duration initial, double multiplier, Duration ceiling) {

    /** 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofMillis(500), 2, Duration.ofSeconds(5));

    public ReconnectPolicy {
        if (initial.isNegative() || ceiling.isNegative() || multiplier < 1) {
            throw new IllegalArgumentException("reconnect backoff needs initial >= 0, ceiling >= 0 and multiplier >= 1;"
                    + " got " + initial + ", " + ceiling + ", " + multiplier);
        }
    }

    /** The wait after {@code failures} failed attempts in a row (none after none). */
    public Duration after(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        double millis = initial.toMillis() * Math.pow(multiplier, Math.min(failures - 1, 62));
        return millis >= ceiling.toMillis() ? ceiling : Duration.ofMillis((long) millis);
    }
}
