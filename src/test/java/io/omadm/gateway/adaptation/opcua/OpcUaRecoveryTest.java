package io.omadm.gateway.adaptation.opcua;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.demo.SimulatedMachine;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.OutageDrill;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An OPC UA server (Milo) restarted while commands keep arriving: the machine is reached again (OutageDrill). */
class OpcUaRecoveryTest {

    @Test
    void theFirstCommandAfterTheServerIsBackByMoreThanTheBackoffCeilingSucceeds() throws Exception {
        int port = FreePort.forChildProcess();
        AtomicReference<SimulatedMachine> machine = new AtomicReference<>(new SimulatedMachine(port));
        String endpoint = machine.get().start();
        OpcUaAdapter adapter = new OpcUaAdapter(Duration.ofSeconds(2), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
        try {
            Request get = new Request("Get", "machine-1", "opcua", "Speed", endpoint + "|nsu="
                    + SimulatedMachine.NAMESPACE + ";s=Machine/Speed", "int", "text/plain", "opcua-demo", null);
            List<Long> took = OutageDrill.run(adapter, get, "1200", () -> machine.get().close(), () -> {
                machine.set(new SimulatedMachine(port)); // a machine restarted: a new server process on the port
                machine.get().start();
            }, ReconnectPolicy.DEFAULT.ceiling());
            // the first command waits for Milo to notice the dropped connection (about 3 s), the rest fail at once
            assertTrue(took.size() >= 2, "commands kept coming during the 4 s outage: " + took);
        } finally {
            adapter.close();
            machine.get().close();
        }
    }
}
