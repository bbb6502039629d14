package io.omadm.gateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made by a test, as a site's own CA would be: it issues server certificates (for 127.0.0.1
 * and localhost) and client certificates (by common name), written as PEM or PKCS12 files.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair and its certificate chain (the certificate, then its issuer's). */
    public record Issued(KeyPair keys, X509Certificate[] chain) {

        public X509Certificate certificate() {
            return chain[0];
        }

        /** A PKCS12 key store holding the key and chain under "key". */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", keys.getPrivate(), password, chain);
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the certificate chain and the private key (PKCS#8) as PEM files, as mosquitto or nginx take them. */
        public void writePem(Path certFile, Path keyFile) {
            try {
                StringWriter chainPem = new StringWriter();
                try (JcaPEMWriter pem = new JcaPEMWriter(chainPem)) {
                    for (X509Certificate c : chain) {
                        pem.writeObject(c);
                    }
                }
                Files.writeString(certFile, chainPem.toString());
                StringWriter keyPem = new StringWriter();
                try (JcaPEMWriter pem = new JcaPEMWriter(keyPem)) {
                    pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
                }
                Files.writeString(keyFile, keyPem.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes {@link #keyStore} to a file, replacing what is there. */
        public Path writePkcs12(Path file, char[] password) {
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore(password).store(out, password);
                return file;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Issued ca;

    public TestCertificates(String caName) {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + caName + ", O=Test site");
        this.ca = new Issued(keys, new X509Certificate[] {sign(builder(name, name, keys), keys, true)});
    }

    /** The CA's certificate as a PEM file. */
    public Path writeCaPem(Path file) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(ca.certificate());
            }
            return Files.writeString(file, w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Issued server(String commonName) {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = builder(new X500Name("CN=" + commonName + ", O=Test site"),
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), keys);
        try {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(keys, new X509Certificate[] {sign(b, ca.keys(), false), ca.certificate()});
    }

    /** A client certificate whose subject's common name is {@code commonName}. */
    public Issued client(String commonName) {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = builder(new X500Name("CN=" + commonName + ", OU=Machines, O=Test site"),
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), keys);
        return new Issued(keys, new X509Certificate[] {sign(b, ca.keys(), false), ca.certificate()});
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer, boolean isCa) {
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
