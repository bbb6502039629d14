package io.omadm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(10, Duration.ofMinutes(5), clock);

    @Test
    void tenFailuresFromOneAddressLockItForTheLockoutPeriodOnly() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.9", "u" + i);
        }
        assertTrue(throttle.locked("10.0.0.9", "admin").isEmpty(), "nine failures: not locked yet");
        throttle.failed("10.0.0.9", "admin");
        assertEquals(Duration.ofMinutes(5), throttle.locked("10.0.0.9", "admin").orElseThrow());
        assertTrue(throttle.locked("10.0.0.9", null).isPresent(), "a token from it too");
        assertTrue(throttle.locked("10.0.0.10", "admin").isEmpty(), "another address is not held up");
        assertEquals(1, throttle.lockouts());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(throttle.locked("10.0.0.9", "admin").isEmpty(), "the lockout ends");
    }

    @Test
    void oneUsersFailuresFromOneAddressLockThatUserThereAndARightPasswordForgetsThem() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.9", "admin");
        }
        throttle.succeeded("10.0.0.9", "admin");
        throttle.failed("10.0.0.9", "admin");
        assertTrue(throttle.locked("10.0.0.9", "admin").isPresent(), "the address counted all ten");
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.7", "ops");
        }
        assertTrue(throttle.locked("10.0.0.8", "ops").isEmpty(), "the same user from elsewhere may sign in");
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverLock() {
        for (int i = 0; i < 30; i++) {
            throttle.failed("10.0.0.9", "admin");
            clock.advance(Duration.ofMinutes(1));
            if (i % 5 == 4) {
                clock.advance(Duration.ofMinutes(5));
            }
        }
        assertTrue(throttle.locked("10.0.0.9", "admin").isEmpty());
    }
}
