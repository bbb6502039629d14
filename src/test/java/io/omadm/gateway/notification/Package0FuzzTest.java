package io.omadm.gateway.notification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;
import java.util.Arrays;

/**
 * Package 0, as anyone on the network can send it to /notification or the UDP port (Jazzer): any bytes end in a
 * notification or a NotificationException saying what is wrong; one that parses keeps its bytes for the digest check.
 */
class Package0FuzzTest {

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aNotificationIsReadOrRefused(byte[] input) {
        Package0 p;
        try {
            p = Package0.parse(input);
        } catch (NotificationException refused) {
            return;
        }
        assertEquals(16, p.digest().length);
        assertTrue(p.version() >= 10 && p.version() <= 13, "version " + p.version());
        assertFalse(p.serverId().isEmpty());
        assertArrayEquals(Arrays.copyOfRange(input, 16, input.length), p.trigger(), "the digest covers the rest");
        assertTrue(p.sessionIdHex().matches("[0-9A-F]{1,4}"), p.sessionIdHex());
    }
}
