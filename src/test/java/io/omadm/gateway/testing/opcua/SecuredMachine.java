package io.omadm.gateway.testing.opcua;

import io.omadm.gateway.demo.SimulatedMachine;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The simulated machine behind an OPC UA server as a plant locks it down: only SecurityPolicy Basic256Sha256 and
 * Aes256_Sha256_RsaPss with SignAndEncrypt (plus the discovery endpoint without security that clients ask for the
 * endpoints), only a user name with its password or an X.509 user certificate of a given common name (no anonymous),
 * and only clients whose application certificate its administrator has trusted ({@link #trust}): a client seen for
 * the first time is refused.
 */
public final class SecuredMachine implements AutoCloseable {

    public static final String SERVER_URI = "urn:omadm-gateway:test:secured-machine";

    private final SimulatedMachine machine;
    private final MemoryTrustListManager trustList = new MemoryTrustListManager();
    private final X509Certificate certificate;

    /**
     * @param user the user name the server takes, with {@code password}
     * @param certificateUser the X.509 user identities it takes
     */
    public SecuredMachine(int port, String user, String password, Predicate<X509Certificate> certificateUser)
            throws Exception {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        certificate = new SelfSignedCertificateBuilder(keys).setCommonName("Secured machine")
                .setApplicationUri(SERVER_URI).addDnsName("localhost").addIpAddress("127.0.0.1").build();
        MemoryCertificateQuarantine quarantine = new MemoryCertificateQuarantine();
        RsaSha256CertificateFactory own = new RsaSha256CertificateFactory() {
            @Override
            protected KeyPair createRsaSha256KeyPair() {
                return keys;
            }

            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                return new X509Certificate[] {certificate};
            }
        };
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trustList,
                new MemoryCertificateStore(), own, new DefaultServerCertificateValidator(trustList, quarantine));
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        EndpointConfig.Builder base = EndpointConfig.newBuilder().setBindAddress("127.0.0.1")
                .setHostname("127.0.0.1").setBindPort(port).setCertificate(certificate)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME,
                        OpcUaServerConfig.USER_TOKEN_POLICY_X509);
        for (SecurityPolicy p : new SecurityPolicy[] {SecurityPolicy.Basic256Sha256,
            SecurityPolicy.Aes256_Sha256_RsaPss}) {
            endpoints.add(base.copy().setSecurityPolicy(p).setSecurityMode(MessageSecurityMode.SignAndEncrypt)
                    .build());
        }
        endpoints.add(base.copy().setPath("/discovery").setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None).build());
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(SERVER_URI)
                .setApplicationName(LocalizedText.english("Secured machine"))
                .setProductUri("urn:omadm-gateway:test")
                .setCertificateManager(new DefaultCertificateManager(quarantine, group))
                .setIdentityValidator(new CompositeValidator(
                        new UsernameIdentityValidator(c -> user.equals(c.getUsername())
                                && password.equals(c.getPassword())),
                        new X509IdentityValidator(certificateUser)))
                .setEndpoints(endpoints)
                .build();
        machine = new SimulatedMachine(port, config);
    }

    public String start() throws Exception {
        return machine.start();
    }

    public SimulatedMachine machine() {
        return machine;
    }

    /** The server's application certificate, as a client first sees it. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Its administrator trusts a client's application certificate. */
    public void trust(X509Certificate client) {
        trustList.addTrustedCertificate(client);
    }

    @Override
    public void close() throws Exception {
        machine.close();
    }
}
