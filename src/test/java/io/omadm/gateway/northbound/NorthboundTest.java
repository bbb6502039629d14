package io.omadm.gateway.northbound;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.audit.AuditEvent;
import io.omadm.gateway.audit.AuditQuery;
import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.NodePath;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The running gateway against a real DM server on loopback: sessions, Package 0 over HTTP and UDP, alerts. */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NorthboundTest {

    @Inject
    AlertQueue alerts;

    @Inject
    DmTree tree;

    @Inject
    SessionRunner sessions;

    @Inject
    AuditTrail audit;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    private static ScriptedDmServer server() {
        return DmServerResource.server;
    }

    private static List<SyncMLMessage> sessionStarts(int alertCode) {
        return server().exchanges().stream().map(ScriptedDmServer.Exchange::request)
                .filter(m -> m.header().msgId().equals("1") && m.body().commands().stream()
                        .anyMatch(c -> c instanceof Alert a && a.code() == alertCode)).toList();
    }

    private static byte[] package0(int sessionId, byte[] nonce) {
        return Package0.build(Package0.VERSION_1_2, 0, true, sessionId, DmServerResource.SERVER_ID, null,
                DmServerResource.SERVER, nonce);
    }

    @Test
    @Order(1)
    void aSessionRunsAtStartAndTheServerAndGatewayAuthenticateEachOther() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !sessionStarts(1201).isEmpty()
                && sessions.lastResult().isPresent());
        assertTrue(sessions.lastResult().get().ok(), sessions.lastResult().get().detail());
        SyncMLMessage pkg1 = sessionStarts(1201).get(0);
        assertEquals("GW-TEST-1", pkg1.header().source().locUri());
        assertEquals("syncml:auth-md5", pkg1.header().cred().meta().type());
    }

    @Test
    @Order(2)
    void aPackage0OverHttpStartsAServerInitiatedSessionWithItsSessionId() throws Exception {
        server().script(in -> ScriptedDmServer.Reply.of(ItemCommand.of(Verb.GET, "1",
                Item.target("./DevInfo/DevId"), Item.target("./DMAcc/dm.test/AppAddr/1/Addr"))));
        assertEquals(202, server().sendPackage0(URI.create("http://localhost:" + httpPort + "/notification"), 0x1C4));
        await().atMost(Duration.ofSeconds(20)).until(() -> !sessionStarts(1200).isEmpty());
        assertEquals("1C4", sessionStarts(1200).get(0).header().sessionId());
        await().atMost(Duration.ofSeconds(10)).until(() -> server().gatewayResponses().stream()
                .anyMatch(c -> c instanceof Results));
        Results r = (Results) server().gatewayResponses().stream().filter(c -> c instanceof Results)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("GW-TEST-1", r.items().get(0).data().asText());
        assertTrue(r.items().get(1).data().asText().startsWith("http://127.0.0.1:"));
    }

    @Test
    @Order(3)
    void aPackage0WithABadDigestIsIgnoredAndAMalformedOneIsA400() throws Exception {
        int before = sessionStarts(1200).size();
        given().contentType(Package0.MEDIA_TYPE).body(package0(0x2A, "not-the-nonce".getBytes()))
                .post("/notification").then().statusCode(401);
        given().contentType(Package0.MEDIA_TYPE).body(new byte[] {1, 2, 3})
                .post("/notification").then().statusCode(400);
        Thread.sleep(500);
        assertEquals(before, sessionStarts(1200).size());
    }

    @Test
    @Order(4)
    void aPackage0OverUdpStartsASessionToo() throws Exception {
        int before = sessionStarts(1200).size();
        server().sendPackage0Udp(DmServerResource.udpPort, 0xBEE);
        await().atMost(Duration.ofSeconds(20)).until(() -> sessionStarts(1200).size() > before);
        assertEquals("BEE", sessionStarts(1200).get(sessionStarts(1200).size() - 1).header().sessionId());
    }

    @Test
    @Order(5)
    void aQueuedAlertStartsASessionAndLeavesTheQueueOnceTheServerTakesIt() {
        int before = server().genericAlerts().size();
        alerts.enqueue(new GenericAlert("corr-77", List.of(new GenericAlert.Entry("./GwMO/Fanout/f1",
                "urn:oma:at:gwmo:1.0:FanoutComplete", "chr", null, "done"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> server().genericAlerts().size() > before);
        Alert a = server().genericAlerts().get(server().genericAlerts().size() - 1);
        assertEquals("corr-77", a.correlator());
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 0);
    }

    @Test
    @Order(6)
    void whatTheServerChangesIsInTheTreeAndTheDatabase() {
        server().script(in -> ScriptedDmServer.Reply.of(new ItemCommand(Verb.REPLACE, "1", false, null,
                io.omadm.gateway.syncml.Meta.format("chr"), null, List.of(new Item(
                io.omadm.gateway.syncml.Location.of("./DMAcc/dm.test/Name"), null, null,
                io.omadm.gateway.syncml.Data.text("Renamed by the server"), false)))));
        sessions.request("test");
        await().atMost(Duration.ofSeconds(20)).until(() -> tree.node(NodePath.of("./DMAcc/dm.test/Name"))
                .map(n -> n.valueAsText().equals("Renamed by the server")).orElse(false));
        assertEquals(AuthType.MD5.aAuthType(), tree.node(NodePath.of("./DMAcc/dm.test/AppAuth/CLCRED/AAuthType"))
                .orElseThrow().valueAsText());
        // and the audit trail says who changed it
        AuditQuery byServer = new AuditQuery("dm-server:" + DmServerResource.SERVER_ID, "Replace",
                "./DMAcc/dm.test/Name", null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.find(byServer, 0, 10).total() > 0);
        AuditEvent e = audit.find(byServer, 0, 10).items().get(0);
        assertEquals(200, e.outcome());
        assertEquals("./DMAcc/dm.test/Name", e.target());
    }
}
