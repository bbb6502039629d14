package io.omadm.gateway.adaptation.opcua;

import io.omadm.gateway.security.OwnerOnlyFiles;
import io.omadm.gateway.security.tls.PemTls;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The gateway's side of OPC UA security (docs/adapters/opcua.md): its application instance certificate (made at first
 * start under {@code <data-dir>/opcua/own}, or supplied), the PKI folder servers' certificates are checked against as
 * Milo and UA Expert keep it ({@code pki/trusted}, {@code pki/issuers}, {@code pki/rejected}: a server seen for the
 * first time is refused and its certificate lands in rejected, to be trusted by moving it or by {@link #trust}), the
 * identities the site declares (gateway.opcua.identities), and which of a server's endpoints a point's address picks.
 */
public final class OpcUaSecurity {

    public static final String APPLICATION_URI = "urn:omadm-gateway:opcua-adapter";

    /** A user name and password, or a certificate and its key (PEM); never shown with its password. */
    public record Identity(String username, String password, Path certificateFile, Path keyFile) {
        @Override
        public String toString() {
            return username != null ? "user " + username : "certificate " + certificateFile;
        }
    }

    /** A server certificate the gateway has seen: trusted, or rejected until someone trusts it. */
    public record Seen(String thumbprint, String subject, Instant notAfter, boolean trusted) {
    }

    private final KeyPair keyPair;
    private final X509Certificate[] chain;
    private final FileBasedTrustListManager trustList;
    private final FileBasedCertificateQuarantine rejected;
    private final CertificateValidator validator;
    private final Map<String, Identity> identities;

    private OpcUaSecurity(KeyPair keyPair, X509Certificate[] chain, FileBasedTrustListManager trustList,
            FileBasedCertificateQuarantine rejected, Map<String, Identity> identities) {
        this.keyPair = keyPair;
        this.chain = chain;
        this.trustList = trustList;
        this.rejected = rejected;
        this.validator = trustList == null ? null : new DefaultClientCertificateValidator(trustList, rejected);
        this.identities = Map.copyOf(identities);
    }

    /** No certificate and no PKI: only endpoints without security (SecurityPolicy None). */
    public static OpcUaSecurity unsecuredOnly() {
        return new OpcUaSecurity(null, null, null, null, Map.of());
    }

    /**
     * The security under {@code dir} ({@code <data-dir>/opcua}): the own certificate made there at first start unless
     * {@code certificate} and {@code key} (PEM) are given, the PKI folder made if missing.
     */
    public static OpcUaSecurity open(Path dir, Path certificate, Path key, Map<String, Identity> identities) {
        try {
            Path pki = dir.resolve("pki");
            FileBasedTrustListManager trust = FileBasedTrustListManager.createAndInitialize(pki);
            FileBasedCertificateQuarantine quarantine = FileBasedCertificateQuarantine.create(
                    pki.resolve("rejected").resolve("certs"));
            Path cert = certificate != null ? certificate : dir.resolve("own").resolve("cert.pem");
            Path privateKey = key != null ? key : dir.resolve("own").resolve("key.pem");
            if (certificate == null && !Files.exists(cert)) {
                makeOwn(cert, privateKey);
            }
            X509Certificate[] chain = PemTls.certificates(cert).stream().map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
            PrivateKey own = PemTls.privateKey(privateKey);
            return new OpcUaSecurity(new KeyPair(chain[0].getPublicKey(), own), chain, trust, quarantine, identities);
        } catch (IOException e) {
            throw new UncheckedIOException("the OPC UA certificate or PKI folder under " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** An RSA 2048 self-signed application instance certificate for {@link #APPLICATION_URI}, valid 5 years. */
    private static void makeOwn(Path cert, Path key) throws IOException {
        try {
            KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509Certificate c = new SelfSignedCertificateBuilder(pair).setCommonName("OMA DM Gateway")
                    .setOrganization("OMA DM Gateway").setApplicationUri(APPLICATION_URI)
                    .addDnsName("localhost").addIpAddress("127.0.0.1").setValidityPeriod(Period.ofYears(5)).build();
            Files.createDirectories(cert.getParent());
            OwnerOnlyFiles.write(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            Files.writeString(cert, pem(c));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the OPC UA application certificate was not made: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        }
        return w.toString();
    }

    boolean hasCertificate() {
        return keyPair != null;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    X509Certificate[] chain() {
        return chain;
    }

    CertificateValidator validator() {
        return validator;
    }

    boolean knows(String identity) {
        return identity == null || identities.containsKey(identity);
    }

    /** The identity a session signs in with: anonymous, or the named one. */
    IdentityProvider identity(String name) throws IOException {
        if (name == null) {
            return new AnonymousProvider();
        }
        Identity i = identities.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no OPC UA identity '" + name + "' (gateway.opcua.identities." + name
                    + ".username)");
        }
        if (i.username() != null) {
            return new UsernameProvider(i.username(), i.password() == null ? "" : i.password());
        }
        List<X509Certificate> certs = PemTls.certificates(i.certificateFile()).stream()
                .map(X509Certificate.class::cast).toList();
        return new X509IdentityProvider(certs, PemTls.privateKey(i.keyFile()));
    }

    private UserTokenType tokenType(String identity) {
        if (identity == null) {
            return UserTokenType.Anonymous;
        }
        Identity i = identities.get(identity);
        return i != null && i.username() == null ? UserTokenType.Certificate : UserTokenType.UserName;
    }

    /**
     * The endpoint the address asks for among those the server offers: its policy and mode (or the most secure
     * offered, for {@code best}), taking the address's kind of identity; only None without a certificate.
     */
    Optional<EndpointDescription> select(List<EndpointDescription> offered, OpcUaEndpoint want) {
        UserTokenType token = tokenType(want.identity());
        return offered.stream()
                .filter(e -> want.policy().equals(OpcUaEndpoint.BEST) || SecurityPolicy.fromUriSafe(
                        e.getSecurityPolicyUri()).map(p -> p.name().equals(want.policy())).orElse(false))
                .filter(e -> want.mode().equals(OpcUaEndpoint.BEST) || e.getSecurityMode().name().equals(want.mode()))
                .filter(e -> hasCertificate() || e.getSecurityMode() == MessageSecurityMode.None)
                .filter(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).isPresent())
                .filter(e -> e.getUserIdentityTokens() != null && Arrays.stream(e.getUserIdentityTokens())
                        .map(UserTokenPolicy::getTokenType).anyMatch(token::equals))
                .max(Comparator.comparingInt(e -> e.getSecurityLevel().intValue()));
    }

    /**
     * Checks the certificate of the server behind a secured endpoint against the PKI folder (trusted, not expired, its
     * application URI the server's, the host name dialled among its names) before the gateway opens a channel: a
     * certificate not trusted yet is kept in the rejected certificates. Empty when it passes; else what to do.
     */
    Optional<String> serverProblem(EndpointDescription e, String host) {
        if (e.getSecurityMode() == MessageSecurityMode.None || validator == null) {
            return Optional.empty();
        }
        X509Certificate server = null;
        try {
            List<X509Certificate> chain = CertificateUtil.decodeCertificates(e.getServerCertificate().bytesOrEmpty());
            server = chain.isEmpty() ? null : chain.get(0);
            validator.validateCertificateChain(chain, e.getServer().getApplicationUri(), new String[] {host});
            return Optional.empty();
        } catch (UaException refused) {
            String thumbprint = server == null ? "none" : thumbprint(server);
            return Optional.of("the server's certificate (" + (server == null ? "none"
                    : server.getSubjectX500Principal().getName()) + ", thumbprint " + thumbprint + ") is refused: "
                    + StatusCodes.lookup(refused.getStatusCode().value()).map(n -> n[0]).orElse(refused.getMessage())
                    + "; once checked, trust it: POST /api/v1/opcua/certificates/" + thumbprint + "/trust, or move"
                    + " it from pki/rejected/certs to pki/trusted/certs");
        }
    }

    /** What a server offers, for an error that says why none was taken. */
    static String offered(List<EndpointDescription> offered) {
        List<String> out = new ArrayList<>();
        for (EndpointDescription e : offered) {
            String policy = SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).map(Enum::name)
                    .orElse(e.getSecurityPolicyUri());
            List<String> tokens = e.getUserIdentityTokens() == null ? List.of() : Arrays.stream(
                    e.getUserIdentityTokens()).map(t -> t.getTokenType().name()).distinct().toList();
            out.add(policy + "/" + e.getSecurityMode().name() + " " + tokens);
        }
        return String.join(", ", out);
    }

    /** The server certificates seen: the trusted ones and those rejected, until trusted. */
    public List<Seen> certificates() {
        List<Seen> seen = new ArrayList<>();
        if (trustList == null) {
            return seen;
        }
        trustList.getTrustedCertificates().forEach(c -> seen.add(seen(c, true)));
        rejected.getRejectedCertificates().forEach(c -> seen.add(seen(c, false)));
        return seen;
    }

    /** Trusts a rejected certificate by its thumbprint (SHA-1, hex); false when no rejected one has it. */
    public boolean trust(String thumbprint) {
        if (trustList == null) {
            return false;
        }
        for (X509Certificate c : rejected.getRejectedCertificates()) {
            if (thumbprint(c).equalsIgnoreCase(thumbprint)) {
                trustList.addTrustedCertificate(c);
                rejected.removeRejectedCertificate(c);
                return true;
            }
        }
        return false;
    }

    /** The gateway's own certificate, PEM, for a server's administrator to trust. */
    public Optional<X509Certificate> ownCertificate() {
        return chain == null ? Optional.empty() : Optional.of(chain[0]);
    }

    private static Seen seen(X509Certificate c, boolean trusted) {
        return new Seen(thumbprint(c), c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant(), trusted);
    }

    static String thumbprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
