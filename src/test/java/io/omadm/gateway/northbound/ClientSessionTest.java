package io.omadm.gateway.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.mo.GatewayIdentity;
import io.omadm.gateway.mo.StandardObjects;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Atomic;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Sequence;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer.Reply;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole DM sessions of the gateway against a real DM server on loopback. */
public class ClientSessionTest {

    static final String SERVER_ID = "dm.example";
    static final Secret GATEWAY = new Secret("gw-user", "gw-secret-0123456789");
    static final Secret SERVER = new Secret("dm.example", "server-secret-9876543210");
    static final GatewayIdentity IDENTITY = new GatewayIdentity("GW-0001", "Acme", "GW-1", "1.2", "en", "gateway",
            "Acme", "1.0", "0.1.0", "rev-a");

    private InMemoryTreeStore store;
    private DmTree tree;
    private final InMemoryAlertQueue alerts = new InMemoryAlertQueue();
    private final TestNonces nonces = new TestNonces();
    private ScriptedDmServer server;

    public static final class TestNonces implements NonceKeeper {
        byte[] client;
        byte[] server;

        @Override
        public byte[] clientNonce() {
            return client;
        }

        @Override
        public void clientNonce(byte[] nonce) {
            client = nonce;
        }

        @Override
        public byte[] serverNonce() {
            return server;
        }

        @Override
        public void serverNonce(byte[] nonce) {
            server = nonce;
        }
    }

    @BeforeEach
    void setUp() {
        store = new InMemoryTreeStore();
        tree = new DmTree(store);
        StandardObjects.mount(tree, IDENTITY);
        String acl = "Add=" + SERVER_ID + "&Delete=" + SERVER_ID + "&Get=" + SERVER_ID + "&Replace=" + SERVER_ID
                + "&Exec=" + SERVER_ID;
        tree.put(Node.interior(NodePath.of("./App"), acl, false));
        tree.put(Node.leaf(NodePath.of("./App/Name"), "gw", "chr", "text/plain", "", false));
        tree.put(Node.leaf(NodePath.of("./App/Old"), "x", "chr", "text/plain", "", false));
        tree.commit();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ClientSession.Result session(Encoding encoding, AuthType clientAuth, Secret clientSecret,
            AuthType serverAuth) {
        DmAccount account = new DmAccount(SERVER_ID, server.url(), clientAuth, clientSecret, serverAuth, SERVER,
                encoding);
        return new ClientSession(account, nonces, tree, alerts, new JdkHttpTransport(Duration.ofSeconds(5), null),
                new SyncMLCodec(), ClientSession.Limits.DEFAULT, Clock.systemUTC(), new Nonces())
                .run(1201, "1A");
    }

    private static Item target(String uri, Meta meta, String value) {
        return new Item(Location.of(uri), null, meta, value == null ? null : Data.text(value), false);
    }

    private String value(String path) {
        return tree.node(NodePath.of(path)).map(Node::valueAsText).orElse(null);
    }

    private List<Integer> statusCodes(String cmd) {
        return server.gatewayResponses().stream()
                .filter(c -> c instanceof Status s && s.cmd().equals(cmd)).map(c -> ((Status) c).code()).toList();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aSessionRunsEveryCommandOnTheTreeAndAnswersStatusAndResults(Encoding encoding) throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        Meta chr = Meta.format("chr").withType("text/plain");
        server.script(
                in -> Reply.of(
                        ItemCommand.of(Verb.GET, "1", Item.target("./App/Name"), Item.target("./App")),
                        new ItemCommand(Verb.REPLACE, "1", false, null, chr, null, List.of(
                                target("./App/Name", null, "renamed"))),
                        new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(
                                target("./App/Speed", Meta.format("int"), "1200"))),
                        ItemCommand.of(Verb.DELETE, "1", Item.target("./App/Old")),
                        new ItemCommand(Verb.COPY, "1", false, null, null, null, List.of(new Item(
                                Location.of("./App/Copy"), Location.of("./App/Speed"), null, null, false))),
                        new Atomic("1", false, null, List.of(new ItemCommand(Verb.ADD, "2", false, null, null, null,
                                List.of(target("./App/A1", chr, "a"))), ItemCommand.of(Verb.DELETE, "3",
                                Item.target("./App/Missing")))),
                        new Sequence("1", false, null, List.of(new ItemCommand(Verb.ADD, "2", false, null, chr, null,
                                List.of(target("./App/S1", null, "s"))))),
                        new ItemCommand(Verb.EXEC, "1", false, null, null, "corr-1",
                                List.of(Item.target("./App/Name"))),
                        ItemCommand.of(Verb.GET, "1", Item.target("./App/Secret"))),
                in -> Reply.of(ItemCommand.of(Verb.GET, "1", Item.target("./App/Speed"))));
        ClientSession.Result r = session(encoding, AuthType.BASIC, GATEWAY, null);
        assertTrue(r.ok(), r.detail());

        assertEquals(List.of(200), statusCodes("Replace"));
        assertEquals(List.of(200, 216, 200), statusCodes("Add"), "Add, the rolled-back Add in Atomic, Sequence's");
        assertEquals(List.of(200, 404), statusCodes("Delete"), "Delete, then the failing Delete in Atomic");
        assertEquals(List.of(200), statusCodes("Copy"));
        assertEquals(List.of(507), statusCodes("Atomic"));
        assertEquals(List.of(200), statusCodes("Sequence"));
        assertEquals(List.of(405), statusCodes("Exec"), "a stored node is not executable");
        assertEquals(List.of(200, 200, 404, 200), statusCodes("Get"));

        List<Results> results = server.gatewayResponses().stream().filter(c -> c instanceof Results)
                .map(c -> (Results) c).toList();
        assertEquals("gw", results.get(0).items().get(0).data().asText(), "Get runs before the Replace");
        assertEquals("Name/Old", sortedChildren(results.get(0).items().get(1).data().asText()),
                "Get on an interior node lists its children");
        assertEquals("1200", results.get(1).items().get(0).data().asText());

        assertEquals("renamed", value("./App/Name"));
        assertEquals("1200", value("./App/Speed"));
        assertEquals("1200", value("./App/Copy"));
        assertEquals(null, value("./App/Old"));
        assertEquals(null, value("./App/A1"), "the failed Atomic was rolled back");
        assertEquals("s", value("./App/S1"));
        assertEquals("renamed", new DmTree(store).node(NodePath.of("./App/Name")).orElseThrow().valueAsText(),
                "what the server was told succeeded is in the store");

        List<ScriptedDmServer.Exchange> ex = server.exchanges();
        assertEquals(3, ex.size());
        assertEquals(1201, ((Alert) ex.get(0).request().body().commands().get(0)).code());
        assertEquals("1A", ex.get(0).request().header().sessionId());
        assertTrue(ex.get(1).uri().toString().contains("?s=1A"), "the gateway follows the RespURI");
        assertEquals(List.of("1", "2", "3"), ex.stream().map(e -> e.request().header().msgId()).toList());
        ItemCommand devInfo = (ItemCommand) ex.get(0).request().body().commands().get(1);
        assertEquals(List.of("./DevInfo/DevId", "./DevInfo/Man", "./DevInfo/Mod", "./DevInfo/DmV", "./DevInfo/Lang"),
                devInfo.items().stream().map(i -> i.source().locUri()).toList());
        assertEquals("GW-0001", ex.get(0).request().header().source().locUri());
        assertNotNull(ex.get(0).request().header().cred(), "basic credentials in Package 1");
        assertEquals(null, ex.get(1).request().header().cred(), "not after the server's 212");
    }

    private static String sortedChildren(String list) {
        return String.join("/", java.util.Arrays.stream(list.split("/")).sorted().toList());
    }

    @Test
    void aServerWithoutRightsOnANodeGets425() throws Exception {
        server = new ScriptedDmServer("intruder", AuthType.BASIC, GATEWAY, null);
        server.script(in -> Reply.of(new ItemCommand(Verb.REPLACE, "1", false, null, null, null,
                List.of(target("./App/Name", Meta.format("chr"), "hacked")))));
        DmAccount account = new DmAccount("intruder", server.url(), AuthType.BASIC, GATEWAY, null, null,
                Encoding.XML);
        ClientSession.Result r = new ClientSession(account, nonces, tree, alerts,
                new JdkHttpTransport(Duration.ofSeconds(5), null), new SyncMLCodec(),
                ClientSession.Limits.DEFAULT, Clock.systemUTC(), new Nonces()).run(1201, "2");
        assertTrue(r.ok(), r.detail());
        assertEquals(List.of(425), statusCodes("Replace").subList(statusCodes("Replace").size() - 1,
                statusCodes("Replace").size()));
        assertEquals("gw", value("./App/Name"));
    }

    @Test
    void md5WithoutANonceIsChallengedOnceAndTheRetryWithTheNewNonceIsAccepted() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.MD5, GATEWAY, null);
        server.script(in -> Reply.of(ItemCommand.of(Verb.GET, "1", Item.target("./App/Name"))));
        ClientSession.Result r = session(Encoding.WBXML, AuthType.MD5, GATEWAY, null);
        assertTrue(r.ok(), r.detail());
        List<ScriptedDmServer.Exchange> ex = server.exchanges();
        assertEquals(407, ((Status) ex.get(0).response().body().commands().get(0)).code());
        assertEquals("syncml:auth-md5", ex.get(1).request().header().cred().meta().type());
        assertEquals(212, ((Status) ex.get(1).response().body().commands().get(0)).code());
        assertEquals(List.of(200), statusCodes("Get"));
        assertTrue(java.util.Arrays.equals(server.currentGatewayNonce(), nonces.client),
                "the nonce the server gave with 212 is kept for the next session");
    }

    @Test
    void aWrongPasswordIsRetriedOnceThenTheSessionEndsWithAClearReason() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.MD5, GATEWAY, null);
        ClientSession.Result r = session(Encoding.XML, AuthType.MD5, new Secret("gw-user", "wrong"), null);
        assertEquals(ClientSession.Outcome.CREDENTIALS_REFUSED, r.outcome());
        assertTrue(r.detail().contains("gw-user") && r.detail().contains("gateway.server.password"), r.detail());
        assertEquals(2, server.exchanges().size(), "Package 1, the answer to the challenge, and no more");
    }

    @Test
    void hmacMacsEveryMessageWithANewNonce() throws Exception {
        byte[] first = "initial-nonce".getBytes(StandardCharsets.US_ASCII);
        nonces.client = first;
        server = new ScriptedDmServer(SERVER_ID, AuthType.HMAC, GATEWAY, first);
        server.script(in -> Reply.of(ItemCommand.of(Verb.GET, "1", Item.target("./App/Name"))));
        ClientSession.Result r = session(Encoding.WBXML, AuthType.HMAC, GATEWAY, null);
        assertTrue(r.ok(), r.detail());
        List<ScriptedDmServer.Exchange> ex = server.exchanges();
        assertEquals(2, ex.size());
        for (ScriptedDmServer.Exchange e : ex) {
            assertNotNull(e.headers().get("x-syncml-hmac"));
            assertEquals(null, e.request().header().cred());
            assertEquals(200, ((Status) e.response().body().commands().get(0)).code());
        }
        assertFalse(ex.get(0).headers().get("x-syncml-hmac").equals(ex.get(1).headers().get("x-syncml-hmac")));
    }

    @Test
    void theGatewayChecksTheServersCredentialsToo() throws Exception {
        byte[] nonceForServer = "gw-gave-this".getBytes(StandardCharsets.US_ASCII);
        nonces.server = nonceForServer;
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null)
                .provingItselfWith(AuthType.MD5, SERVER, nonceForServer);
        server.script(in -> Reply.of(ItemCommand.of(Verb.GET, "1", Item.target("./App/Name"))));
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, AuthType.MD5);
        assertTrue(r.ok(), r.detail());
        Status toServer = (Status) server.exchanges().get(1).request().body().commands().get(0);
        assertEquals(212, toServer.code(), "the gateway accepted the server's MD5 credentials");
        assertNotNull(toServer.chal(), "and gave it a fresh nonce for the next session");
        assertTrue(java.util.Arrays.equals(nonces.server, Nonces.nextNonce(toServer.chal()).orElseThrow()));
    }

    @Test
    void aNonceTheServerNeverHearsOfIsNotKept() throws Exception {
        // The server authenticates and has nothing to say: the gateway's 212 + new nonce is never sent, so the
        // server still holds the old nonce and the gateway must keep accepting it (found by the Quarkus test).
        byte[] nonceForServer = "gw-gave-this".getBytes(StandardCharsets.US_ASCII);
        nonces.server = nonceForServer;
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null)
                .provingItselfWith(AuthType.MD5, SERVER, nonceForServer);
        assertTrue(session(Encoding.XML, AuthType.BASIC, GATEWAY, AuthType.MD5).ok());
        assertEquals(1, server.exchanges().size());
        assertTrue(java.util.Arrays.equals(nonceForServer, nonces.server));
        assertTrue(session(Encoding.XML, AuthType.BASIC, GATEWAY, AuthType.MD5).ok(), "the next session still works");
    }

    @Test
    void aServerWithTheWrongSecretIsNotObeyedAndTheSessionEnds() throws Exception {
        byte[] nonceForServer = "gw-gave-this".getBytes(StandardCharsets.US_ASCII);
        nonces.server = nonceForServer;
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null)
                .provingItselfWith(AuthType.MD5, new Secret(SERVER_ID, "impostor"), nonceForServer);
        server.script(
                in -> Reply.of(new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format("chr"), null,
                        List.of(target("./App/Name", null, "pwned")))),
                in -> Reply.of(new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format("chr"), null,
                        List.of(target("./App/Name", null, "pwned")))));
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, AuthType.MD5);
        assertEquals(ClientSession.Outcome.SERVER_NOT_AUTHENTICATED, r.outcome());
        assertEquals("gw", value("./App/Name"));
        assertEquals(List.of(401), statusCodes("Replace").subList(0, 1));
    }

    @Test
    void queuedGenericAlertsGoInPackageOneAndLeaveTheQueueOnlyWhenTheServerTakesThem() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        alerts.enqueue(new GenericAlert("corr-9", List.of(new GenericAlert.Entry("./GwMO/Fanout/f1",
                "urn:oma:at:gwmo:1.0:FanoutComplete", "chr", "critical", "3 ok"))));
        server.answerGenericAlertsWith(500);
        assertTrue(session(Encoding.XML, AuthType.BASIC, GATEWAY, null).ok());
        assertEquals(1, alerts.size(), "refused: still queued");
        assertTrue(alerts.due(Instant.now(), 10).isEmpty(), "and backed off");
        assertEquals(1, alerts.due(Instant.now().plusSeconds(60), 10).size());
        Alert sent = server.genericAlerts().get(0);
        assertEquals("corr-9", sent.correlator());
        assertEquals("urn:oma:at:gwmo:1.0:FanoutComplete", sent.items().get(0).meta().type());
        assertEquals("critical", sent.items().get(0).meta().mark());
    }

    @Test
    void anAcceptedGenericAlertLeavesTheQueue() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        alerts.enqueue(new GenericAlert(null, List.of(new GenericAlert.Entry(null, "urn:x", "chr", null, "d"))));
        server.answerGenericAlertsWith(202);
        assertTrue(session(Encoding.WBXML, AuthType.BASIC, GATEWAY, null).ok());
        assertEquals(0, alerts.size());
    }

    @Test
    void anUpstreamOutageKeepsTheAlertsQueued() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        alerts.enqueue(new GenericAlert(null, List.of(new GenericAlert.Entry(null, "urn:x", "chr", null, "d"))));
        server.answerHttp(503);
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, null);
        assertEquals(ClientSession.Outcome.TRANSPORT_FAILED, r.outcome());
        assertEquals(1, alerts.size());
    }

    @Test
    void garbageFromTheServerEndsTheSessionAndLeavesTheTreeAlone() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        server.answerRawOnce("<SyncML><SyncHdr>broken".getBytes(StandardCharsets.US_ASCII));
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, null);
        assertEquals(ClientSession.Outcome.PROTOCOL_ERROR, r.outcome());
        assertTrue(r.detail().contains("cannot be read"), r.detail());
        assertEquals("gw", value("./App/Name"));
        SyncMLAssert.hasAlert(server.exchanges().get(server.exchanges().size() - 1).request(), 1223);
    }

    @Test
    void aLargeObjectFromTheServerArrivesInChunksAcrossMessages() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        String big = "x".repeat(3000) + "y".repeat(3000);
        server.script(
                in -> new Reply(List.of(new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(new Item(
                        Location.of("./App/Big"), null, Meta.format("chr").withSize((long) big.length()),
                        Data.text(big.substring(0, 3000)), true)))), false),
                in -> Reply.of(new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(new Item(
                        Location.of("./App/Big"), null, Meta.format("chr"), Data.text(big.substring(3000)),
                        false)))));
        ClientSession.Result r = session(Encoding.WBXML, AuthType.BASIC, GATEWAY, null);
        assertTrue(r.ok(), r.detail());
        assertEquals(List.of(213, 200), statusCodes("Add"));
        SyncMLAssert.hasAlert(server.exchanges().get(1).request(), 1222);
        assertEquals(big, value("./App/Big"));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void whatExceedsTheServersMaxMsgSizeGoesInSeveralMessagesAndLargeValuesInChunks(Encoding encoding)
            throws Exception {
        String big = "0123456789<&>".repeat(800); // 10 KB, with characters XML must escape
        byte[] bin = new byte[3000];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) (i * 7);
        }
        tree.put(Node.leaf(NodePath.of("./App/Big"), big, "chr", "text/plain", "", false));
        tree.put(new Node(NodePath.of("./App/Bin"), false, bin, "bin", "application/octet-stream", "", null, 1L, 0,
                false));
        Item[] many = new Item[20];
        for (int i = 0; i < many.length; i++) {
            tree.put(Node.leaf(NodePath.of("./App/L" + i), "value-" + i, "chr", "text/plain", "", false));
            many[i] = Item.target("./App/L" + i);
        }
        tree.commit();
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        server.announceMaxMsgSize(1500);
        server.script(in -> Reply.of(ItemCommand.of(Verb.GET, "1", many), ItemCommand.of(Verb.GET, "1",
                Item.target("./App/Big")), ItemCommand.of(Verb.GET, "1", Item.target("./App/Bin"))));
        ClientSession.Result r = session(encoding, AuthType.BASIC, GATEWAY, null);
        assertTrue(r.ok(), r.detail());
        Map<String, String> values = server.resultValues();
        assertEquals(big, values.get("./App/Big"));
        assertEquals("value-19", values.get("./App/L19"));
        String binValue = values.get("./App/Bin");
        assertEquals(encoding == Encoding.XML ? java.util.Base64.getEncoder().encodeToString(bin)
                : new String(bin, StandardCharsets.UTF_8), binValue);
        for (ScriptedDmServer.Exchange e : server.exchanges().subList(1, server.exchanges().size())) {
            assertTrue(e.requestBody().length <= 1500, "a message of " + e.requestBody().length + " bytes");
        }
        assertTrue(server.exchanges().size() > 8, "split into many messages: " + server.exchanges().size());
        long chunked = server.exchanges().stream().flatMap(e -> e.request().body().commands().stream())
                .filter(c -> c instanceof Results res && res.items().get(0).moreData()).count();
        assertTrue(chunked >= 7, "the 10 KB value went as a large object: " + chunked + " chunks");
        Results first = server.exchanges().stream().flatMap(e -> e.request().body().commands().stream())
                .filter(c -> c instanceof Results res && res.items().get(0).moreData()).map(c -> (Results) c)
                .findFirst().orElseThrow();
        assertNotNull(first.items().get(0).meta().size(), "Meta Size on the first chunk");
        assertTrue(server.exchanges().stream().anyMatch(e -> e.response().body().commands().stream()
                .anyMatch(c -> c instanceof Alert a && a.code() == 1222)), "the server asked for the next messages");
    }

    private static String serverMessage(String body) {
        return "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>"
                + "<SessionID>1A</SessionID><MsgID>1</MsgID><Target><LocURI>GW-0001</LocURI></Target>"
                + "<Source><LocURI>dm.example</LocURI></Source></SyncHdr><SyncBody>" + body
                + "<Final/></SyncBody></SyncML>";
    }

    @Test
    void aCommandDmDoesNotHaveEndsTheSessionCleanlyWithTheTreeUntouched() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        server.answerRawOnce(serverMessage("<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef>"
                + "<Cmd>SyncHdr</Cmd><Data>212</Data></Status><Replace><CmdID>2</CmdID><Item><Target><LocURI>"
                + "./App/Name</LocURI></Target><Data>changed</Data></Item></Replace><Sync><CmdID>3</CmdID></Sync>")
                .getBytes(StandardCharsets.UTF_8));
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, null);
        assertEquals(ClientSession.Outcome.PROTOCOL_ERROR, r.outcome());
        assertTrue(r.detail().contains("Sync is not allowed in SyncBody"), r.detail());
        assertEquals("gw", value("./App/Name"), "nothing of an unreadable message is applied");
    }

    @Test
    void aStatusWithTheWrongMsgRefDoesNotAcknowledgeAnAlert() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        alerts.enqueue(new GenericAlert(null, List.of(new GenericAlert.Entry(null, "urn:x", "chr", null, "d"))));
        server.answerRawOnce(serverMessage("<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef>"
                + "<Cmd>SyncHdr</Cmd><Data>212</Data></Status><Status><CmdID>2</CmdID><MsgRef>99</MsgRef>"
                + "<CmdRef>3</CmdRef><Cmd>Alert</Cmd><Data>200</Data></Status>").getBytes(StandardCharsets.UTF_8));
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, null);
        assertTrue(r.ok(), r.detail());
        assertEquals(1, alerts.size(), "a Status for another message acknowledges nothing");
    }

    @Test
    void theServerMayAbortTheSession() throws Exception {
        server = new ScriptedDmServer(SERVER_ID, AuthType.BASIC, GATEWAY, null);
        server.script(in -> Reply.of(Alert.of("1", 1223)));
        ClientSession.Result r = session(Encoding.XML, AuthType.BASIC, GATEWAY, null);
        assertEquals(ClientSession.Outcome.ABORTED, r.outcome());
    }

    /** Small assertions on messages. */
    static final class SyncMLAssert {
        static void hasAlert(io.omadm.gateway.syncml.SyncMLMessage m, int code) {
            for (Command c : m.body().commands()) {
                if (c instanceof Alert a && a.code() == code) {
                    return;
                }
            }
            throw new AssertionError("no Alert " + code + " in " + m);
        }
    }
}
