package io.omadm.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.mqtt.BrokerSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The site's brokers as gateway.mqtt.* and gateway.mqtt.brokers.&lt;name&gt;.* declare them, read by SmallRye Config
 * as the gateway reads them: the default broker first, named ones after it with every key; a named broker without a
 * URL, one called "default", a version that is not 5 or 3.1.1, or a kept session without a client id is refused
 * naming the key. A password encrypted by {@code scripts/admin encrypt-config} is read decrypted with the key.
 */
class MqttBrokersConfigTest {

    private static List<BrokerSettings> brokers(Map<String, String> keys) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .addDefaultInterceptors().addDiscoveredSecretKeysHandlers() // ${aes-gcm-nopadding::...}, as Quarkus
                .withConverter(Duration.class, 100, new DurationConverter()) // "30s", as Quarkus reads it
                .withSources(new PropertiesConfigSource(keys, "test", 500)).build();
        return AdaptationWiring.mqttBrokers(config.getConfigMapping(GatewayConfig.class));
    }

    @Test
    void theDefaultBrokerComesFirstAndNamedOnesCarryEveryKey() {
        List<BrokerSettings> b = brokers(Map.of("gateway.mqtt.url", "tcp://127.0.0.1:1883",
                "gateway.mqtt.brokers.legacy.url", "ssl://10.0.0.5:8883",
                "gateway.mqtt.brokers.legacy.version", "3.1.1",
                "gateway.mqtt.brokers.legacy.client-id", "gw-line-2",
                "gateway.mqtt.brokers.legacy.clean-start", "false",
                "gateway.mqtt.brokers.legacy.keep-alive", "20s",
                "gateway.mqtt.brokers.legacy.password", "p-1",
                "gateway.mqtt.brokers.legacy.client-cert-file", "/etc/gw/cert.pem",
                "gateway.mqtt.brokers.legacy.client-key-file", "/etc/gw/key.pem"));
        assertEquals(2, b.size());
        assertEquals(BrokerSettings.DEFAULT, b.get(0).name());
        assertTrue(b.get(0).mqtt5() && b.get(0).cleanStart());
        assertNull(b.get(0).certFile());
        BrokerSettings legacy = b.get(1);
        assertEquals("legacy", legacy.name());
        assertFalse(legacy.mqtt5());
        assertEquals("gw-line-2", legacy.clientId());
        assertFalse(legacy.cleanStart());
        assertEquals(Duration.ofSeconds(20), legacy.keepAlive());
        assertEquals(Path.of("/etc/gw/cert.pem"), legacy.certFile());
        assertTrue(legacy.tls() && legacy.verifyHostName());
        assertFalse(legacy.toString().contains("p-1"), legacy.toString());
    }

    @Test
    void aNamedBrokerThatCannotWorkIsRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> brokers(Map.of(
                "gateway.mqtt.brokers.line2.username", "gw"))).getMessage().contains("gateway.mqtt.brokers.line2.url"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> brokers(Map.of(
                "gateway.mqtt.brokers.default.url", "tcp://h:1"))).getMessage().contains("'default'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> brokers(Map.of(
                "gateway.mqtt.brokers.x.url", "tcp://h:1", "gateway.mqtt.brokers.x.version", "3"))).getMessage()
                .contains("version '3'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> brokers(Map.of(
                "gateway.mqtt.brokers.x.url", "tcp://h:1", "gateway.mqtt.brokers.x.clean-start", "false")))
                .getMessage().contains("client-id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> brokers(Map.of(
                "gateway.mqtt.brokers.x.url", "http://h:1"))).getMessage().contains("tcp:// or ssl://"));
    }

    @Test
    void aPasswordEncryptedByTheAdminCommandIsReadDecryptedWithTheKeyFromTheEnvironment() {
        String key = ConfigSecret.newKey();
        String encrypted = ConfigSecret.encrypt("broker-pass-9", key);
        assertTrue(encrypted.startsWith("${aes-gcm-nopadding::") && !encrypted.contains("broker-pass-9"), encrypted);
        List<BrokerSettings> b = brokers(Map.of("gateway.mqtt.url", "tcp://127.0.0.1:1883",
                "gateway.mqtt.password", encrypted, ConfigSecret.KEY_PROPERTY, key));
        assertEquals("broker-pass-9", b.get(0).password());
        assertThrows(RuntimeException.class, () -> brokers(Map.of("gateway.mqtt.url", "tcp://127.0.0.1:1883",
                "gateway.mqtt.password", encrypted, ConfigSecret.KEY_PROPERTY, ConfigSecret.newKey())),
                "another key does not open it");
    }

    @Test
    void theAdminCommandEncryptsWhatItReadsAndMakesAKeyWhenNoneIsGiven() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = new AdminCommand(Map.of()).run(new String[] {"encrypt-config"}, new java.io.ByteArrayInputStream(
                "s3cret-value\n".getBytes()), new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(0, status);
        String key = err.toString().lines().reduce((a, c) -> c).orElseThrow();
        String encrypted = out.toString().trim();
        assertEquals("s3cret-value", brokers(Map.of("gateway.mqtt.url", "tcp://h:1", "gateway.mqtt.password",
                encrypted, ConfigSecret.KEY_PROPERTY, key)).get(0).password());
    }
}
