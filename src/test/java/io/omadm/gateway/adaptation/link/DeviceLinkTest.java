package io.omadm.gateway.adaptation.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omadm.gateway.testing.MutableClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What a link says of itself to operators: idle before use, reconnecting with why, connected. */
class DeviceLinkTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
    private final AtomicBoolean serverUp = new AtomicBoolean();
    private final AtomicBoolean open = new AtomicBoolean();

    private final DeviceLink<String> link = new DeviceLink<>("plc.plant:502", new DeviceLink.Connector<>() {
        @Override
        public String open() throws IOException {
            if (!serverUp.get()) {
                throw new ConnectException("Connection refused");
            }
            open.set(true);
            return "connection";
        }

        @Override
        public boolean isOpen(String connection) {
            return open.get();
        }

        @Override
        public void close(String connection) {
            open.set(false);
        }
    }, new ReconnectPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(8)), 1, 4, clock);

    @Test
    void aLinkSaysWhetherItIsIdleReconnectingWithTheLastErrorOrConnected() throws Exception {
        assertEquals(new LinkState("modbus", "plc.plant:502", "idle", 0, null), link.state("modbus"));
        assertThrows(ConnectException.class, () -> link.call(Duration.ofSeconds(1), c -> c));
        assertEquals(new LinkState("modbus", "plc.plant:502", "reconnecting", 1, "Connection refused"),
                link.state("modbus"));
        serverUp.set(true);
        clock.advance(Duration.ofSeconds(2)); // past the policy's wait
        assertEquals("connection", link.call(Duration.ofSeconds(1), c -> c));
        assertEquals(new LinkState("modbus", "plc.plant:502", "connected", 0, null), link.state("modbus"));
        open.set(false); // the PLC closed the socket
        assertEquals("idle", link.state("modbus").state(), "no connection open now: the next request makes one");
    }
}
