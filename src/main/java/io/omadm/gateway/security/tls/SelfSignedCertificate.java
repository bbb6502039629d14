package io.omadm.gateway.security.tls;

import io.omadm.gateway.security.OwnerOnlyFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate the gateway serves HTTPS with when the site gives none: made at the first start into the data
 * directory (an ECDSA P-256 key, readable by its owner only, and a self-signed certificate valid ten years, whose
 * subject alternative names are this machine's host name, localhost and its addresses). Its SHA-256 fingerprint is
 * what an operator compares the first time a browser or client shows it ({@link CertificateFingerprint}).
 */
public final class SelfSignedCertificate {

    public static final String CERT_FILE = "gateway.crt";
    public static final String KEY_FILE = "gateway.key";

    private SelfSignedCertificate() {
    }

    /** The certificate and key files in {@code dir}, made if missing. */
    public static void ensure(Path dir) {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        try {
            if (!Files.exists(cert) || !Files.exists(key)) {
                Files.createDirectories(dir);
                write(cert, key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the gateway's TLS certificate in " + dir, e);
        }
    }

    private static void write(Path cert, Path key) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            String host = hostName();
            X500Name subject = new X500Name("CN=" + host + ", O=OMA DM Gateway (self-signed at first start)");
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(host)
                    .toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate c = new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            OwnerOnlyFiles.write(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null))); // PKCS#8, with the curve
            Files.writeString(cert, pem(c));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) throws IOException { // a certificate, or a PKCS#8 generator
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        }
        return w.toString();
    }

    /** The host name, localhost, and the machine's addresses (site-local and loopback), as the SAN. */
    private static List<GeneralName> names(String host) {
        Set<String> dns = new LinkedHashSet<>(List.of(host, "localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && (a.isSiteLocalAddress() || a.isLoopbackAddress())) {
                        ips.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to list: the names above remain
        }
        List<GeneralName> out = new ArrayList<>();
        dns.forEach(d -> out.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(ip -> out.add(new GeneralName(GeneralName.iPAddress, ip)));
        return out;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
