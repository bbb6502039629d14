package io.omadm.gateway.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.mo.GatewayIdentity;
import io.omadm.gateway.northbound.JdkHttpTransport.KeyStoreFile;
import io.omadm.gateway.mo.StandardObjects;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DM sessions over HTTPS: the gateway trusts the server's certificate through a configured trust store only, and
 * shows its own certificate to a server that asks for one.
 */
class TlsTransportTest {

    static final Secret GATEWAY = new Secret("gw", "gw-secret");
    static final char[] PASS = "changeit".toCharArray();

    @TempDir
    static Path dir;

    static Path serverStore;
    static Path trustStore;
    static Path gatewayStore;
    static Path clientTrust;

    @BeforeAll
    static void certificates() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        serverStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.cer");
        ExternalTool.run(List.of(keytool, "-genkeypair", "-alias", "dm", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", serverStore.toString(), "-storepass", "changeit"));
        ExternalTool.run(List.of(keytool, "-exportcert", "-alias", "dm", "-keystore", serverStore.toString(),
                "-storepass", "changeit", "-file", cert.toString()));
        ExternalTool.run(List.of(keytool, "-importcert", "-noprompt", "-alias", "dm", "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        // the gateway's own certificate, for servers that ask for one, and the server's store that trusts it
        gatewayStore = dir.resolve("gateway.p12");
        clientTrust = dir.resolve("clients.p12");
        Path gwCert = dir.resolve("gateway.cer");
        ExternalTool.run(List.of(keytool, "-genkeypair", "-alias", "gw", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=GW-TLS,O=Plant 7", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", gatewayStore.toString(), "-storepass", "changeit"));
        ExternalTool.run(List.of(keytool, "-exportcert", "-alias", "gw", "-keystore", gatewayStore.toString(),
                "-storepass", "changeit", "-file", gwCert.toString()));
        ExternalTool.run(List.of(keytool, "-importcert", "-noprompt", "-alias", "gw", "-file", gwCert.toString(),
                "-keystore", clientTrust.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, PASS);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** The server's context that also trusts the gateway's client certificate. */
    private static SSLContext mutualServerContext() throws Exception {
        return JdkHttpTransport.context(new KeyStoreFile(clientTrust, PASS, "PKCS12"),
                new KeyStoreFile(serverStore, PASS, "PKCS12"));
    }

    private static ClientSession.Result session(ScriptedDmServer server, JdkHttpTransport transport) {
        DmTree tree = new DmTree(new InMemoryTreeStore());
        StandardObjects.mount(tree, new GatewayIdentity("GW-TLS", "Acme", "GW", "1.2", "en", "gw", "Acme", "1", "1",
                "1"));
        DmAccount account = new DmAccount("dm.tls", server.url(), AuthType.BASIC, GATEWAY, null, null, Encoding.WBXML);
        return new ClientSession(account, new ClientSessionTest.TestNonces(), tree, new InMemoryAlertQueue(),
                transport, new SyncMLCodec(), ClientSession.Limits.DEFAULT, Clock.systemUTC(), new Nonces())
                .run(1201, "7");
    }

    @Test
    void aSessionOverHttpsWorksWithTheConfiguredTrustStore() throws Exception {
        try (ScriptedDmServer server = new ScriptedDmServer("dm.tls", AuthType.BASIC, GATEWAY, null,
                serverContext())) {
            server.script(in -> ScriptedDmServer.Reply.of(ItemCommand.of(Verb.GET, "1",
                    Item.target("./DevInfo/DevId"))));
            assertTrue(server.url().toString().startsWith("https://"));
            ClientSession.Result r = session(server, new JdkHttpTransport(Duration.ofSeconds(5),
                    JdkHttpTransport.trusting(trustStore, PASS, "PKCS12")));
            assertTrue(r.ok(), r.detail());
            assertEquals("GW-TLS", server.resultValues().get("./DevInfo/DevId"));
        }
    }

    @Test
    void aServerThatAsksForAClientCertificateGetsTheConfiguredOne() throws Exception {
        try (ScriptedDmServer server = new ScriptedDmServer("dm.tls", AuthType.BASIC, GATEWAY, null,
                mutualServerContext(), true)) {
            server.script(in -> ScriptedDmServer.Reply.of(ItemCommand.of(Verb.GET, "1",
                    Item.target("./DevInfo/DevId"))));
            KeyStoreFile trust = new KeyStoreFile(trustStore, PASS, "PKCS12");
            ClientSession.Result without = session(server, new JdkHttpTransport(Duration.ofSeconds(5),
                    JdkHttpTransport.context(trust, null)));
            assertEquals(ClientSession.Outcome.TRANSPORT_FAILED, without.outcome(), without.detail());
            assertTrue(server.exchanges().isEmpty(), "no message got through without a client certificate");

            ClientSession.Result with = session(server, new JdkHttpTransport(Duration.ofSeconds(5),
                    JdkHttpTransport.context(trust, new KeyStoreFile(gatewayStore, PASS, "PKCS12"))));
            assertTrue(with.ok(), with.detail());
            assertEquals("GW-TLS", server.resultValues().get("./DevInfo/DevId"));
            assertTrue(server.clientCertificates.get(0).contains("CN=GW-TLS"), server.clientCertificates.toString());
        }
    }

    @Test
    void anUntrustedServerCertificateFailsTheSessionWithAClearReason() throws Exception {
        try (ScriptedDmServer server = new ScriptedDmServer("dm.tls", AuthType.BASIC, GATEWAY, null,
                serverContext())) {
            ClientSession.Result r = session(server, new JdkHttpTransport(Duration.ofSeconds(5), null));
            assertEquals(ClientSession.Outcome.TRANSPORT_FAILED, r.outcome());
            assertTrue(r.detail().contains("https://127.0.0.1"), r.detail());
            assertTrue(server.exchanges().isEmpty());
        }
    }
}
