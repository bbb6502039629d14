package io.omadm.gateway.adaptation.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.TestCertificates;
import io.omadm.gateway.testing.mqtt.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mqtt adapter on a broker as sites run it: mosquitto with a password file and TLS only, its certificate from a
 * CA the test makes. With the gateway's user name, password and CA it reads a device's value; with a wrong password,
 * no credentials, or without the CA, it does not, and the failure does not show the password.
 */
class SecuredBrokerTest {

    private static final Request READ = new Request("Get", "m-tls", "mqtt", "Temperature", "plant/m-tls/temp#state",
            "float", "text/plain", "mqtt-demo", null);

    private static MqttAdapter adapter(BrokerSettings broker) {
        return new MqttAdapter(broker, Duration.ofSeconds(3), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
    }

    /** The device publishes its value (retained), signing in and trusting the CA as the gateway must. */
    private static void devicePublishes(Mosquitto broker, BrokerSettings asTheDevice, String value) throws Exception {
        MqttClient device = new MqttClient(broker.url(), "device-m-tls", new MemoryPersistence());
        try {
            device.connect(asTheDevice.options(3000));
            device.publish("plant/m-tls/temp", value.getBytes(StandardCharsets.UTF_8), 1, true);
            device.disconnect();
        } finally {
            device.close();
        }
    }

    private Mosquitto broker;
    private Path ca;

    @BeforeEach
    void siteBroker() throws Exception {
        TestCertificates site = new TestCertificates("Site CA");
        ca = site.writeCaPem(TempPaths.file("site-ca", ".pem"));
        broker = Mosquitto.secured("gateway", "broker-pass-1", site);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void theGatewaySignsInOverTlsAndReadsTheDevicesValue() throws Exception {
        assertTrue(broker.url().startsWith("ssl://127.0.0.1:"), broker.url());
        BrokerSettings right = new BrokerSettings(broker.url(), "gateway", "broker-pass-1", ca, true);
        devicePublishes(broker, right, "21.5");
        MqttAdapter gateway = adapter(right);
        try {
            Response r = gateway.handle(READ);
            assertEquals(200, r.dmStatus());
            assertEquals("21.5", new String(r.body(), StandardCharsets.UTF_8));
        } finally {
            gateway.close();
        }
    }

    @Test
    void aWrongPasswordNoCredentialsOrAnUntrustedCertificateGetNothing() throws Exception {
        String[][] cases = {{"not-the-password", "ca", "authori"}, {"broker-pass-1", null, "certif"},
            {null, "ca", "authori"}};
        for (String[] c : cases) {
            BrokerSettings wrong = new BrokerSettings(broker.url(), c[0] == null ? null : "gateway", c[0],
                    c[1] == null ? null : ca, true);
            MqttAdapter gateway = adapter(wrong);
            try {
                Exception e = assertThrows(Exception.class, () -> gateway.handle(READ), wrong.toString());
                String why = String.valueOf(e.getMessage()) + " " + e.getCause();
                assertTrue(why.toLowerCase(Locale.ROOT).contains(c[2]), wrong + ": " + why);
                assertFalse(why.contains("broker-pass-1"), why);
            } finally {
                gateway.close();
            }
        }
    }
}
