package io.omadm.gateway.northbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP and HTTPS to the DM server with the JDK's client; HTTPS trusts the JVM's CAs or a configured trust store,
 * and shows a client certificate when one is configured.
 */
public final class JdkHttpTransport implements DmTransport {

    private final HttpClient client;
    private final Duration timeout;

    public JdkHttpTransport(Duration timeout, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
        this.timeout = timeout;
    }

    /** An SSL context that trusts the certificates in a trust store file (PKCS12 or JKS). */
    public static SSLContext trusting(Path trustStore, char[] password, String type) {
        return context(new KeyStoreFile(trustStore, password, type), null);
    }

    /**
     * An SSL context that trusts the certificates of one store (null: the JVM's CAs) and shows the key and certificate
     * of another when the server asks for a client certificate (null: none).
     */
    public static SSLContext context(KeyStoreFile trust, KeyStoreFile identity) {
        try {
            TrustManagerFactory tmf = null;
            if (trust != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust.load());
            }
            KeyManagerFactory kmf = null;
            if (identity != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity.load(), identity.password());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS to the DM server: " + e.getMessage(), e);
        }
    }

    /** A key or trust store file (PKCS12 or JKS) and its password. */
    public record KeyStoreFile(Path path, char[] password, String type) {

        KeyStore load() {
            try (InputStream in = Files.newInputStream(path)) {
                KeyStore ks = KeyStore.getInstance(type);
                ks.load(in, password);
                return ks;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read key store " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Reply post(URI url, byte[] body, String contentType, Map<String, String> headers) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", contentType)
                .header("Cache-Control", "private")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        try {
            HttpResponse<byte[]> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> h = new TreeMap<>();
            resp.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
            return new Reply(resp.statusCode(), h.getOrDefault("content-type", ""), resp.body(), h);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
