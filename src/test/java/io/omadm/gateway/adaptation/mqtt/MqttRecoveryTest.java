package io.omadm.gateway.adaptation.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.demo.SimulatedSensor;
import io.omadm.gateway.testing.OutageDrill;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The site's broker (mosquitto) killed and started again while commands keep arriving: the sensor behind it is reached
 * again (OutageDrill). The sensor reconnects by itself every second, so that what is measured is the gateway's
 * return, not the device's.
 */
class MqttRecoveryTest {

    @Test
    void theFirstCommandAfterTheBrokerIsBackByMoreThanTheBackoffCeilingSucceeds() throws Exception {
        try (Mosquitto broker = new Mosquitto();
                SimulatedSensor sensor = new SimulatedSensor(broker.url(), "sensor-r", 20.0, 1)) {
            sensor.start();
            MqttAdapter adapter = new MqttAdapter(BrokerSettings.anonymous(broker.url()), Duration.ofSeconds(2),
                    ReconnectPolicy.DEFAULT, DevicePresence.NONE);
            try {
                Request get = new Request("Get", "sensor-r", "mqtt", "SetPoint", "plant/sensor-r/setpoint", "int",
                        "text/plain", "mqtt-demo", null);
                List<Long> took = OutageDrill.run(adapter, get, "50", broker::stop, broker::start,
                        ReconnectPolicy.DEFAULT.ceiling());
                assertTrue(took.size() >= 4, "commands kept coming during the 4 s outage: " + took);
            } finally {
                adapter.close();
            }
        }
    }
}
