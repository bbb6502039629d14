package io.omadm.gateway.testing.mqtt;

import io.omadm.gateway.adaptation.mqtt.BrokerSettings;
import io.omadm.gateway.app.ConfigSecret;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A broker as a site runs it for the gateway under test ({@link Mosquitto#secured}: a password file and TLS only,
 * its certificate from a CA the test makes), handed to the gateway as gateway.mqtt.url, user name, password (encrypted,
 * as a configuration file keeps it) and CA.
 */
public class SecuredMqttBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "gateway";
    public static final String PASSWORD = "site-broker-pass-7";
    /** How a device of the site connects: the same broker, the same CA, its own credentials are the gateway's here. */
    public static volatile BrokerSettings device;
    private static volatile Mosquitto broker;

    @Override
    public Map<String, String> start() {
        try {
            TestCertificates site = new TestCertificates("Site CA");
            Path ca = site.writeCaPem(TempPaths.file("site-ca", ".pem"));
            broker = Mosquitto.secured(USER, PASSWORD, site);
            device = new BrokerSettings(broker.url(), USER, PASSWORD, ca, true);
            // the password as a site keeps it in its configuration file: encrypted (scripts/admin encrypt-config),
            // the key given apart
            String key = ConfigSecret.newKey();
            return Map.of("gateway.mqtt.url", broker.url(), "gateway.mqtt.username", USER,
                    "gateway.mqtt.password", ConfigSecret.encrypt(PASSWORD, key), ConfigSecret.KEY_PROPERTY, key,
                    "gateway.mqtt.ca-file", ca.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the secured test MQTT broker", e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
