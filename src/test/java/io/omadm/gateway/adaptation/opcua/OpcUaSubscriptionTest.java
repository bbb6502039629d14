package io.omadm.gateway.adaptation.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.demo.SimulatedMachine;
import io.omadm.gateway.testing.FreePort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Variables read from a subscription (an address with {@code sampling=100ms}) against a real OPC UA server (Milo):
 * the first Get makes a monitored item, later Gets answer its latest value without a read request reaching the
 * server, a change made on the server shows within a few sampling intervals, and after the server restarts (while
 * Gets keep coming) the subscription is made again on the new session and Gets again do without reads.
 */
class OpcUaSubscriptionTest {

    private static final String SPEED = "|nsu=" + SimulatedMachine.NAMESPACE + ";s=Machine/Speed";

    private static String get(OpcUaAdapter adapter, String address) throws Exception {
        var r = adapter.handle(new Request("Get", "m-sub", "opcua", "Speed", address, "int", "text/plain", "p", null));
        assertEquals(200, r.dmStatus());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String eventually(OpcUaAdapter adapter, String address, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(adapter, address);
                if (last.equals(expected)) {
                    return last;
                }
            } catch (Exception notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(100);
        }
        return last;
    }

    @Test
    void getsAnswerFromTheSubscriptionAndItIsMadeAgainAfterTheServerRestarts() throws Exception {
        int port = FreePort.forChildProcess();
        SimulatedMachine machine = new SimulatedMachine(port);
        String url = machine.start();
        String sampled = url + "?sampling=100ms" + SPEED;
        OpcUaAdapter adapter = new OpcUaAdapter(Duration.ofSeconds(3), new ReconnectPolicy(Duration.ofMillis(200), 2,
                Duration.ofSeconds(1)), DevicePresence.NONE);
        try {
            assertEquals("1200", get(adapter, sampled));
            assertEquals(1, machine.monitoredItems(), "one monitored item made by the first Get");
            int reads = machine.reads();
            for (int i = 0; i < 10; i++) {
                assertEquals("1200", get(adapter, sampled));
            }
            assertEquals(reads, machine.reads(), "ten Gets from the subscription, no read request");

            assertEquals(200, adapter.handle(new Request("Replace", "m-sub", "opcua", "Speed", url + SPEED, "int",
                    "text/plain", "p", "1500".getBytes(StandardCharsets.UTF_8))).dmStatus());
            assertEquals("1500", eventually(adapter, sampled, "1500"), "the change arrives by the subscription");
            assertEquals(reads, machine.reads());

            machine.close();
            machine = new SimulatedMachine(port); // restarted: Speed is 1200 again, no subscription on it
            machine.start();
            assertEquals("1200", eventually(adapter, sampled, "1200"));
            assertTrue(machine.monitoredItems() >= 1, "the subscription was made again on the new session");
            int afterRestart = machine.reads();
            for (int i = 0; i < 5; i++) {
                assertEquals("1200", get(adapter, sampled));
            }
            assertEquals(afterRestart, machine.reads(), "Gets from the new subscription, no read request");
        } finally {
            adapter.close();
            machine.close();
        }
    }
}
