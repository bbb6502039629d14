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
 * no credentials, or without the CA, it does not, and the failure does not show the password. A broker that asks
 * for a client certificate takes the gateway's (PEM certificate and key) and refuses a gateway without one.
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

    @Test
    void aBrokerThatAsksForAClientCertificateTakesTheGatewaysAndRefusesAGatewayWithout() throws Exception {
        TestCertificates site = new TestCertificates("Machines CA");
        Path siteCa = site.writeCaPem(TempPaths.file("machines-ca", ".pem"));
        Path cert = TempPaths.file("gateway", ".pem");
        Path key = TempPaths.file("gateway", ".key");
        site.client("gateway-7").writePem(cert, key);
        Path deviceCert = TempPaths.file("device", ".pem");
        Path deviceKey = TempPaths.file("device", ".key");
        site.client("device-m-tls").writePem(deviceCert, deviceKey);
        try (Mosquitto mtls = Mosquitto.requiringClientCertificates(site)) {
            BrokerSettings noCertificate = new BrokerSettings(mtls.url(), null, null, siteCa, true);
            devicePublishes(mtls, noCertificate.withClientCertificate(deviceCert, deviceKey), "19.0");
            MqttAdapter without = adapter(noCertificate);
            try {
                Exception e = assertThrows(Exception.class, () -> without.handle(READ));
                assertFalse(e.getMessage() != null && e.getMessage().contains("19.0"), e.getMessage());
            } finally {
                without.close();
            }
            MqttAdapter with = adapter(noCertificate.withClientCertificate(cert, key));
            try {
                Response r = with.handle(READ);
                assertEquals(200, r.dmStatus());
                assertEquals("19.0", new String(r.body(), StandardCharsets.UTF_8));
            } finally {
                with.close();
            }
        }
    }

    @Test
    void aClientCertificateWithoutItsKeyIsRefusedNamingWhatIsMissing() {
        BrokerSettings half = new BrokerSettings(broker.url(), null, null, ca, true)
                .withClientCertificate(ca, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, half::tlsSocketFactory);
        assertTrue(e.getMessage().contains("both its certificate file and its key file"), e.getMessage());
    }
}
