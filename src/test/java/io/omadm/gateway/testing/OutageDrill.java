package io.omadm.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The recovery rule of the device-link layer, as a server restart while commands keep coming: the server goes away for
 * 4 s while a command arrives every 0.5 s; none of them succeeds and most fail at once (a request during an outage
 * neither waits for the device nor pushes the reconnect backoff further); the first command sent once the server has
 * been back for longer than the backoff ceiling succeeds.
 */
public final class OutageDrill {

    /** Starts or stops the server under test. */
    public interface Step {
        void run() throws Exception;
    }

    private OutageDrill() {
    }

    /** @return how long each command during the outage took, in milliseconds */
    public static List<Long> run(ProtocolAdapter adapter, Request get, String expected, Step stop, Step start,
            Duration ceiling) throws Exception {
        assertEquals(expected, value(adapter.handle(get)), "before the outage");
        stop.run();
        List<Long> took = new ArrayList<>();
        long outageEnd = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < outageEnd) {
            long t0 = System.nanoTime();
            boolean answered;
            try {
                answered = adapter.handle(get).dmStatus() == 200;
            } catch (Exception expectedFailure) {
                answered = false;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            took.add(ms);
            assertTrue(!answered, "a command answered while the server was away");
            Thread.sleep(Math.max(0, 500 - ms));
        }
        long fast = took.stream().filter(ms -> ms < 1000).count();
        assertTrue(fast >= took.size() - 2, "commands during the outage fail at once (ms each): " + took);
        start.run();
        Thread.sleep(ceiling.toMillis() + 300);
        Response after = adapter.handle(get);
        assertEquals(200, after.dmStatus(), "the first command after the server is back");
        assertEquals(expected, value(after));
        return took;
    }

    private static String value(Response r) {
        return r.body() == null ? null : new String(r.body(), StandardCharsets.UTF_8);
    }
}
