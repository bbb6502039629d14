package io.omadm.gateway.adaptation.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * How the gateway connects to a site's MQTT broker (gateway.mqtt.*, docs/modes/adaptation.md): its URL
 * ({@code tcp://} or {@code ssl://}), the user name and password the broker asks for, and for TLS the CAs to trust
 * (a PEM file; empty: the JVM's) and whether the broker's host name is checked against its certificate (on unless a
 * site turns it off). The password is never logged: {@link #toString} leaves it out.
 */
public record BrokerSettings(String url, String username, String password, Path caFile, boolean verifyHostName) {

    /** A broker that asks for nothing (the demo's, a lab's). */
    public static BrokerSettings anonymous(String url) {
        return new BrokerSettings(url, null, null, null, true);
    }

    public boolean tls() {
        return url.startsWith("ssl://") || url.startsWith("wss://");
    }

    /** The connection options for one attempt that may take {@code timeoutMillis}. */
    public MqttConnectionOptions options(long timeoutMillis) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMillis)));
        if (username != null && !username.isBlank()) {
            o.setUserName(username);
        }
        if (password != null && !password.isEmpty()) {
            o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (tls()) {
            o.setSocketFactory(tlsSocketFactory());
            o.setHttpsHostnameVerificationEnabled(verifyHostName);
        } else if (url.startsWith("tcp://")) {
            o.setSocketFactory(new NoDelaySocketFactory()); // small request/answer packets: no Nagle wait
        }
        return o;
    }

    /** The sockets of a TLS connection to the broker, trusting {@link #caFile} (or the JVM's CAs). */
    public SSLSocketFactory tlsSocketFactory() {
        return sslContext().getSocketFactory();
    }

    private SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(caFile)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trust.setCertificateEntry("ca-" + i++, c);
                    }
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("gateway.mqtt.ca-file " + caFile + " cannot be used: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String toString() {
        return url + (username == null ? "" : " as " + username);
    }
}
