package io.omadm.gateway.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecentDigestsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aRepeatWithinTheWindowIsRecognisedAndForgottenAfterIt() {
        RecentDigests r = new RecentDigests(Duration.ofMinutes(5), 100, clock);
        byte[] a = {1, 2, 3};
        assertTrue(r.repeatOf(a).isEmpty());
        now.set(now.get().plusSeconds(60));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), r.repeatOf(a).orElseThrow(), "when it was first seen");
        now.set(now.get().plusSeconds(300));
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
