package io.omadm.gateway.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentDigestsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    @Test
    void aRepeatWithinTheWindowIsRecognisedAndForgottenAfterIt() {
        RecentDigests r = new RecentDigests(Duration.ofMinutes(5), 100, clock);
        byte[] a = {1, 2, 3};
        assertTrue(r.repeatOf(a).isEmpty());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), r.repeatOf(a).orElseThrow(), "when it was first seen");
        clock.advance(Duration.ofSeconds(300));
        assertTrue(r.repeatOf(a).isEmpty(), "past the window it is new again");
        r.forget(a);
        assertTrue(r.repeatOf(a).isEmpty(), "forgotten: new");
    }

    @Test
    void itHoldsAtMostItsCapacityForgettingTheOldestFirst() {
        RecentDigests r = new RecentDigests(Duration.ofMinutes(5), 3, clock);
        for (byte i = 0; i < 4; i++) {
            r.repeatOf(new byte[] {i});
        }
        assertTrue(r.repeatOf(new byte[] {0}).isEmpty(), "the oldest made room");
        assertTrue(r.repeatOf(new byte[] {3}).isPresent());
        assertTrue(new RecentDigests(Duration.ZERO, 3, clock).repeatOf(new byte[] {9}).isEmpty());
    }
}
