package io.omadm.gateway.adaptation.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.demo.SimulatedMachine;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.opcua.SecuredMachine;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opcua adapter against a server locked down as plants do it (SecuredMachine: Basic256Sha256 or
 * Aes256_Sha256_RsaPss with SignAndEncrypt only, user name or X.509 user certificate only, clients trusted by its
 * administrator only). The gateway makes its application certificate at first start; the server's certificate lands in
 * the gateway's rejected certificates until it is trusted; the gateway is refused until the server trusts its
 * certificate; then it signs in with a user name or a certificate and reads and writes. A wrong password, an address
 * asking for what the server does not offer, and a gateway without a certificate are refused saying why.
 */
class OpcUaSecurityTest {

    private static final String SPEED = "|nsu=" + SimulatedMachine.NAMESPACE + ";s=Machine/Speed";
    private static final ReconnectPolicy QUICK = new ReconnectPolicy(Duration.ofMillis(10), 1, Duration.ofMillis(10));

    @TempDir
    Path dir;

    private SecuredMachine server;
    private String url;
    private OpcUaSecurity security;
    private OpcUaAdapter adapter;

    @BeforeEach
    void plant() throws Exception {
        KeyPair userKeys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate user = new SelfSignedCertificateBuilder(userKeys).setCommonName("line-operator").build();
        Files.writeString(dir.resolve("user.pem"), pem(user));
        Files.writeString(dir.resolve("user.key"), pem(new JcaPKCS8Generator(userKeys.getPrivate(), null)));
        server = new SecuredMachine(FreePort.forChildProcess(), "operator", "pw-7",
                c -> c.getSubjectX500Principal().getName().contains("CN=line-operator"));
        url = server.start();
        security = OpcUaSecurity.open(dir.resolve("opcua"), null, null, Map.of(
                "op", new OpcUaSecurity.Identity("operator", "pw-7", null, null),
                "wrong", new OpcUaSecurity.Identity("operator", "not-it", null, null),
                "badge", new OpcUaSecurity.Identity(null, null, dir.resolve("user.pem"), dir.resolve("user.key"))));
        adapter = new OpcUaAdapter(Duration.ofSeconds(5), QUICK, DevicePresence.NONE, security);
    }

    @AfterEach
    void stop() throws Exception {
        adapter.close();
        server.close();
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        }
        return w.toString();
    }

    private Response call(String command, String options, String value) throws Exception {
        return adapter.handle(new Request(command, "machine-s", "opcua", "Speed", url + options + SPEED, "int",
                "text/plain", "secured", value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private void eventually(String options) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                call("Get", options, null);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Both sides trust each other, as the two administrators would do it. */
    private void mutualTrust() throws Exception {
        Exception untrusted = assertThrows(Exception.class, () -> call("Get", "?identity=op", null),
                "the server is not trusted yet");
        List<OpcUaSecurity.Seen> seen = security.certificates();
        assertEquals(1, seen.size(), seen + " after " + untrusted);
        assertFalse(seen.get(0).trusted());
        assertEquals(OpcUaSecurity.thumbprint(server.certificate()), seen.get(0).thumbprint());
        assertTrue(Files.list(dir.resolve("opcua/pki/rejected/certs")).findAny().isPresent(), "in the rejected folder");
        assertTrue(security.trust(seen.get(0).thumbprint()));
        assertTrue(security.certificates().get(0).trusted());

        Thread.sleep(50);
        assertThrows(Exception.class, () -> call("Get", "?identity=op", null),
                "the server does not trust the gateway yet");
        server.trust(security.ownCertificate().orElseThrow());
    }

    @Test
    void afterMutualTrustTheGatewaySignsInWithAUserNameAndReadsAndWrites() throws Exception {
        assertTrue(Files.exists(dir.resolve("opcua/own/cert.pem")), "the application certificate made at first start");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("opcua/own/key.pem"))), "the private key readable by the gateway only");
        mutualTrust();
        eventually("?identity=op");
        assertEquals("1200", new String(call("Get", "?identity=op", null).body(), StandardCharsets.UTF_8));
        assertEquals(200, call("Replace", "?identity=op", "1500").dmStatus());
        assertEquals(1500, server.machine().speed());
        eventually("?identity=badge&security-policy=Basic256Sha256&security-mode=SignAndEncrypt");
        assertEquals("1500", new String(call("Get", "?identity=badge&security-policy=Basic256Sha256", null).body(),
                StandardCharsets.UTF_8), "signed in with an X.509 user certificate");
    }

    @Test
    void aWrongPasswordAnOfferTheServerDoesNotHaveAndNoCertificateAreRefusedSayingWhy() throws Exception {
        mutualTrust();
        eventually("?identity=op");
        Exception wrong = assertThrows(Exception.class, () -> call("Get", "?identity=wrong", null));
        assertTrue(String.valueOf(wrong.getMessage()).contains("Bad_"), wrong.getMessage());
        assertFalse(String.valueOf(wrong.getMessage()).contains("not-it"), "never the password");

        Exception none = assertThrows(Exception.class, () -> call("Get", "?security-policy=None&security-mode=None",
                null));
        assertTrue(none.getMessage().contains("offers no endpoint") && none.getMessage().contains(
                "Aes256_Sha256_RsaPss/SignAndEncrypt"), none.getMessage());
        Exception anonymous = assertThrows(Exception.class, () -> call("Get", "", null));
        assertTrue(anonymous.getMessage().contains("anonymous identity"), anonymous.getMessage());

        OpcUaAdapter bare = new OpcUaAdapter(Duration.ofSeconds(5), QUICK, DevicePresence.NONE,
                OpcUaSecurity.unsecuredOnly());
        try {
            Exception noCertificate = assertThrows(Exception.class, () -> bare.handle(new Request("Get", "m", "opcua",
                    "Speed", url + "?identity=op" + SPEED, "int", "text/plain", "secured", null)));
            assertTrue(noCertificate.getMessage().contains("without a gateway certificate"),
                    noCertificate.getMessage());
        } finally {
            bare.close();
        }
        assertTrue(adapter.problem(url + "?identity=nobody" + SPEED).orElseThrow().contains("nobody"));
        assertTrue(adapter.problem(url + "?security-policy=Basic128" + SPEED).orElseThrow()
                .contains("Aes256_Sha256_RsaPss"));
    }
}
