package io.omadm.gateway.testing;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test's side of the gateway's HTTPS port: a client that trusts the certificate the gateway under test serves
 * (the self-signed one of its first start) and nothing else, with host name checks on, as a device or an operator
 * that was given that certificate would connect.
 */
public final class GatewayTls {

    private GatewayTls() {
    }

    /** A JDK client per certificate file: each start of a test gateway may make its own certificate. */
    private static final Map<Path, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private static Path certificate() {
        return Path.of(ConfigProvider.getConfig().getValue("quarkus.tls.key-store.pem.gateway.cert", String.class));
    }

    /** A JDK HTTP client that trusts the gateway under test only (one for every caller). */
    public static HttpClient httpClient() {
        return CLIENTS.computeIfAbsent(certificate(), c -> HttpClient.newBuilder().sslContext(context()).build());
    }

    /** The gateway's certificate as a trust store, read from the file the running gateway serves. */
    public static KeyStore trustStore() {
        Path cert = certificate();
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the gateway's certificate " + cert + " cannot be trusted", e);
        }
    }

    /** An SSL context that trusts the gateway under test only. */
    public static SSLContext context() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Points RestAssured's calls without a full URL at the gateway's HTTPS port (the port of {@code anyTlsUrl}, a
     * {@code @TestHTTPResource(tls = true)}), trusting its certificate. Quarkus puts the plain port back before the
     * next test; {@link #plainAgain()} puts back the trust settings.
     */
    public static void restAssured(URL anyTlsUrl) {
        RestAssured.baseURI = "https://" + anyTlsUrl.getHost();
        RestAssured.port = anyTlsUrl.getPort();
        RestAssured.config = RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(trustStore()));
    }

    public static void plainAgain() {
        RestAssured.config = RestAssured.config().sslConfig(SSLConfig.sslConfig());
    }
}
