package io.omadm.gateway.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromFiveSecondsUpToTenMinutes() {
        assertEquals(Duration.ZERO, Backoff.after(0));
        assertEquals(Duration.ofSeconds(5), Backoff.after(1));
        assertEquals(Duration.ofSeconds(10), Backoff.after(2));
        assertEquals(Duration.ofSeconds(320), Backoff.after(7));
        assertEquals(Duration.ofMinutes(10), Backoff.after(8));
        assertEquals(Duration.ofMinutes(10), Backoff.after(1000));
    }
}
