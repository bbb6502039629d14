package io.omadm.gateway.security.http;

import io.omadm.gateway.security.tls.SelfSignedCertificate;
import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * HTTPS by default (docs/security.md): the HTTP server gets its TLS key and certificate before it starts, from
 * gateway.tls.key-store-file (PKCS12) or gateway.tls.cert-file and gateway.tls.key-file (PEM), or else from a self-
 * signed certificate made at the first start in the data directory's {@code tls/} (its fingerprint is logged), and
 * serves them on gateway.https-port beside the plain port, reading the files again every gateway.tls.reload-period.
 * Client certificates signed by gateway.tls.client-ca-file may sign in operators' machines. A configuration source so
 * that Quarkus reads these as its own TLS settings; what application.properties or the environment say about them
 * wins.
 */
public class TlsConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300): a site's own setting wins. */
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ExecutionMode mode = ExecutionMode.current();
        if (mode != ExecutionMode.RUNTIME_INIT && mode != ExecutionMode.RUNNING) {
            return List.of(); // the build reads config too: no certificate is made (nor served) then
        }
        cheapInMemoryKeyStores();
        Map<String, String> p = new HashMap<>();
        keyStore(context, p);
        String clientCa = value(context, "gateway.tls.client-ca-file", null);
        if (clientCa != null) {
            p.put("quarkus.tls.trust-store.pem.certs", clientCa);
        }
        p.put("quarkus.tls.reload-period", value(context, "gateway.tls.reload-period", "1h"));
        p.put("quarkus.http.ssl-port", value(context, "gateway.https-port", "8443"));
        p.put("quarkus.http.insecure-requests", "enabled"); // the devices' faces stay on the plain port
        return List.of(new PropertiesConfigSource(p, "gateway-tls", ORDINAL));
    }

    /**
     * Vert.x turns a PEM pair into a PKCS12 key store in memory, protected by a throwaway password; at the JDK's
     * default of 10,000 PBKDF2 iterations that protection cost about half a second of every start (the key is written
     * and read back more than once; scripts/start-profile showed it). The gateway writes no PKCS12 file, so only those
     * in-memory stores are built here: one iteration for them, unless the operator set these properties.
     */
    private static void cheapInMemoryKeyStores() {
        for (String p : List.of("keystore.pkcs12.keyPbeIterationCount", "keystore.pkcs12.certPbeIterationCount",
                "keystore.pkcs12.macIterationCount")) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "1");
            }
        }
    }

    /** The site's PKCS12 key store, else its PEM pair, else the self-signed pair of the first start. */
    private static void keyStore(ConfigSourceContext context, Map<String, String> p) {
        String p12 = value(context, "gateway.tls.key-store-file", null);
        if (p12 != null) {
            p.put("quarkus.tls.key-store.p12.path", p12);
            p.put("quarkus.tls.key-store.p12.password", value(context, "gateway.tls.key-store-password", ""));
            return;
        }
        String cert = value(context, "gateway.tls.cert-file", null);
        String key = value(context, "gateway.tls.key-file", null);
        if (cert == null || key == null) {
            Path dir = tlsDir(value(context, "gateway.data-dir", "./data"));
            Path made = dir.resolve(SelfSignedCertificate.CERT_FILE); // constants: the class is not loaded for them
            Path madeKey = dir.resolve(SelfSignedCertificate.KEY_FILE);
            if (!Files.exists(made) || !Files.exists(madeKey)) {
                // only then: the class needs BouncyCastle, a signed jar whose first class load costs a signature
                // check that every later start would pay. No log line: logging is not set up while configuration is
                // read (GatewayLifecycle logs the certificate).
                SelfSignedCertificate.ensure(dir);
            }
            cert = made.toString();
            key = madeKey.toString();
        }
        p.put("quarkus.tls.key-store.pem.gateway.cert", cert);
        p.put("quarkus.tls.key-store.pem.gateway.key", key);
    }

    /**
     * The data directory's tls/, or, when its name cannot be resolved yet (the test profile's names hold a random id
     * that is given later), one in the temporary directory: a certificate made for one run.
     */
    private static Path tlsDir(String dataDir) {
        if (!dataDir.contains("${")) {
            return Path.of(dataDir, "tls");
        }
        try {
            return Files.createTempDirectory("omadm-gateway-tls");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the TLS certificate", e);
        }
    }

    private static String value(ConfigSourceContext context, String name, String otherwise) {
        try {
            ConfigValue v = context.getValue(name);
            return v == null || v.getValue() == null || v.getValue().isBlank() ? otherwise : v.getValue();
        } catch (RuntimeException unresolved) {
            return otherwise;
        }
    }
}
