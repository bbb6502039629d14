package io.omadm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A source's request rate (a burst, then a steady rate) and open connections; other sources keep their share. */
class SourceLimitsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final SourceLimits limits = new SourceLimits(10, 5, 2, clock);

    @Test
    void aBurstThenTheSteadyRateAndTheWaitSaid() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), limits.request("10.0.0.9"), "request " + i + " of the burst");
        }
        Optional<Duration> wait = limits.request("10.0.0.9");
        assertEquals(Optional.of(Duration.ofMillis(100)), wait, "one token comes every 100 ms at 10/s");
        assertEquals(1, limits.refusedRequests());
        assertEquals(Optional.empty(), limits.request("10.0.0.10"), "another address is not held up");

        clock.advance(Duration.ofMillis(100));
        assertEquals(Optional.empty(), limits.request("10.0.0.9"));
        assertTrue(limits.request("10.0.0.9").isPresent());

        clock.advance(Duration.ofMinutes(5)); // a long quiet spell gives the burst back, no more
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), limits.request("10.0.0.9"));
        }
        assertTrue(limits.request("10.0.0.9").isPresent());
    }

    @Test
    void connectionsAreCountedUntilTheyClose() {
        assertTrue(limits.connectionOpened("10.0.0.9"));
        assertTrue(limits.connectionOpened("10.0.0.9"));
        assertFalse(limits.connectionOpened("10.0.0.9"), "a third at once");
        assertTrue(limits.connectionOpened("10.0.0.10"));
        limits.connectionClosed("10.0.0.9");
        assertTrue(limits.connectionOpened("10.0.0.9"), "one closed, one may open");
        assertEquals(1, limits.refusedConnections());
    }

    @Test
    void limitsThatAdmitNothingAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SourceLimits(0, 5, 2, clock));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimits(10, 0, 2, clock));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimits(10, 5, 0, clock));
    }
}
