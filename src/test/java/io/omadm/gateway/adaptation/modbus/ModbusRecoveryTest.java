package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.demo.SimulatedPlc;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.OutageDrill;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Modbus TCP slave (j2mod) restarted while commands keep arriving: the PLC is reached again (OutageDrill). */
class ModbusRecoveryTest {

    @Test
    void theFirstCommandAfterTheSlaveIsBackByMoreThanTheBackoffCeilingSucceeds() throws Exception {
        int port = FreePort.forChildProcess();
        SimulatedPlc plc = new SimulatedPlc(port);
        plc.start();
        ModbusAdapter adapter = new ModbusAdapter(Duration.ofSeconds(2), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
        try {
            Request get = new Request("Get", "plc-1", "modbus", "Speed", "127.0.0.1:" + port
                    + "|holding-register:1:INT", "int", "text/plain", "modbus-demo", null);
            List<Long> took = OutageDrill.run(adapter, get, "1500", plc::close, plc::start,
                    ReconnectPolicy.DEFAULT.ceiling());
            assertTrue(took.size() >= 4, "commands kept coming during the 4 s outage: " + took);
        } finally {
            adapter.close();
            plc.close();
        }
    }
}
