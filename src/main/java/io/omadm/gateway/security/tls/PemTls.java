package io.omadm.gateway.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A TLS client context from the PEM files a site hands out (as mosquitto, OpenSSL and most brokers use them): the CAs
 * to trust (empty: the JVM's), and optionally the gateway's own certificate chain and its unencrypted private key
 * (PKCS#8, PKCS#1 RSA or SEC1 EC) for servers that ask for a client certificate. A file that cannot be used is an
 * IllegalArgumentException naming the file and why, never the key's content.
 */
public final class PemTls {

    private PemTls() {
    }

    /**
     * @param caFile the CAs that sign the server's certificate, or null for the JVM's
     * @param certFile the client certificate chain, or null for none (then {@code keyFile} must be null too)
     */
    public static SSLContext clientContext(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both its certificate file and its key file"
                    + " (given: " + (certFile == null ? keyFile : certFile) + ")");
        }
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = emptyStore();
                int i = 0;
                for (Certificate c : certificates(caFile)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                KeyStore own = emptyStore();
                char[] none = new char[0];
                own.setKeyEntry("client", privateKey(keyFile), none,
                        certificates(certFile).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS files cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore s = KeyStore.getInstance("PKCS12");
        s.load(null, null);
        return s;
    }

    /** The certificates of a PEM file, in order (a chain: the holder's first). */
    public static Collection<? extends Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (found.isEmpty()) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return found;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }

    /** The unencrypted private key of a PEM file (PKCS#8, PKCS#1 RSA or SEC1 EC). */
    public static PrivateKey privateKey(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            Object o = pem.readObject();
            JcaPEMKeyConverter convert = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return convert.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return convert.getPrivateKey(info);
            }
            throw new IOException(file + " holds no unencrypted PEM private key");
        }
    }
}
