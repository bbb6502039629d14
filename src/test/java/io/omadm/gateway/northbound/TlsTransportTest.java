package io.omadm.gateway.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.mo.GatewayIdentity;
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

/** DM sessions over HTTPS: the gateway trusts the server's certificate through a configured trust store only. */
class TlsTransportTest {

    static final Secret GATEWAY = new Secret("gw", "gw-secret");
    static final char[] PASS = "changeit".toCharArray();

    @TempDir
    static Path dir;

    static Path serverStore;
    static Path trustStore;

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
