package io.omadm.gateway.adaptation.mqtt;

import io.omadm.gateway.security.tls.PemTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * How the gateway connects to one of a site's MQTT brokers (gateway.mqtt.* for the default one,
 * gateway.mqtt.brokers.&lt;name&gt;.* for others; docs/adapters/mqtt.md): its URL ({@code tcp://} or {@code ssl://}),
 * the MQTT version it speaks (5 or 3.1.1), the client id (empty: one made up per start), the user name and password,
 * for TLS the CAs to trust (PEM; empty: the JVM's), a client certificate and key (PEM) for brokers that ask for one,
 * and whether the broker's host name is checked against its certificate (on unless a site turns it off); the
 * keep-alive, and whether the session is clean at each connection or kept by the broker (then the client id must be
 * fixed). The password is never logged: {@link #toString} leaves it out.
 */
public record BrokerSettings(String name, String url, String version, String clientId, String username,
        String password, Path caFile, Path certFile, Path keyFile, boolean verifyHostName, Duration keepAlive,
        boolean cleanStart) {

    public static final String DEFAULT = "default";
    public static final String MQTT_5 = "5";
    public static final String MQTT_3_1_1 = "3.1.1";

    public BrokerSettings {
        if (!MQTT_5.equals(version) && !MQTT_3_1_1.equals(version)) {
            throw new IllegalArgumentException("MQTT broker " + name + ": version '" + version + "' is not "
                    + MQTT_5 + " or " + MQTT_3_1_1);
        }
        if (!cleanStart && (clientId == null || clientId.isBlank())) {
            throw new IllegalArgumentException("MQTT broker " + name + ": a persistent session (clean-start false)"
                    + " needs a fixed client-id");
        }
        if (!url.isBlank() && !url.matches("(tcp|ssl)://.+")) {
            throw new IllegalArgumentException("MQTT broker " + name + ": '" + url + "' is not a tcp:// or ssl:// URL");
        }
    }

    /** The default broker with a user name, a password and TLS trust only (MQTT 5, clean sessions). */
    public BrokerSettings(String url, String username, String password, Path caFile, boolean verifyHostName) {
        this(DEFAULT, url, MQTT_5, null, username, password, caFile, null, null, verifyHostName,
                Duration.ofSeconds(60), true);
    }

    /** A broker that asks for nothing (the demo's, a lab's). */
    public static BrokerSettings anonymous(String url) {
        return new BrokerSettings(url, null, null, null, true);
    }

    /** The same broker known by another name and spoken to in another MQTT version. */
    public BrokerSettings as(String otherName, String otherVersion) {
        return new BrokerSettings(otherName, url, otherVersion, clientId, username, password, caFile, certFile,
                keyFile, verifyHostName, keepAlive, cleanStart);
    }

    /** The same broker, the gateway known to it by a client certificate. */
    public BrokerSettings withClientCertificate(Path cert, Path key) {
        return new BrokerSettings(name, url, version, clientId, username, password, caFile, cert, key, verifyHostName,
                keepAlive, cleanStart);
    }

    public boolean tls() {
        return url.startsWith("ssl://");
    }

    public boolean mqtt5() {
        return MQTT_5.equals(version);
    }

    public Optional<String> user() {
        return Optional.ofNullable(username).filter(u -> !u.isBlank());
    }

    /** The client id to connect with: the configured one, or one made up for this start. */
    String effectiveClientId() {
        return clientId != null && !clientId.isBlank() ? clientId
                : "gw-" + name + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(5));
    }

    /** The MQTT 5 connection options of one attempt that may take {@code timeoutMillis}. */
    public MqttConnectionOptions options(long timeoutMillis) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        if (!cleanStart) {
            o.setSessionExpiryInterval(TimeUnit.DAYS.toSeconds(1)); // the broker keeps the session while we are away
        }
        o.setKeepAliveInterval((int) keepAlive.toSeconds());
        o.setConnectionTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMillis)));
        user().ifPresent(o::setUserName);
        if (password != null && !password.isEmpty()) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls()) {
            o.setSocketFactory(tlsSocketFactory());
            o.setHttpsHostnameVerificationEnabled(verifyHostName);
        } else {
            o.setSocketFactory(new NoDelaySocketFactory()); // small request/answer packets: no Nagle wait
        }
        return o;
    }

    /**
     * The sockets of a TLS connection to the broker, trusting {@link #caFile} (or the JVM's CAs), with the client
     * certificate if there is one.
     */
    public SSLSocketFactory tlsSocketFactory() {
        try {
            return PemTls.clientContext(caFile, certFile, keyFile).getSocketFactory();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MQTT broker " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + url + ", MQTT " + version + (username == null ? "" : ", as " + username) + ")";
    }
}
