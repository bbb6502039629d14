package io.omadm.gateway.southbound;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * HLF-005/006, PMode-003: the server (through ./GwMO/Bootstrap) or the operator (REST) bootstraps an end device with a
 * signed WBXML DM bootstrap message POSTed to its HTTP Address. Bootstrapped to the gateway, the device holds a DMAcc
 * naming the gateway, with secrets only the two of them know; its first session with the gateway (HMAC both ways) is
 * the acknowledgement, and from then on the gateway wakes it and relays to it: it is managed entirely through the
 * gateway. Bootstrapped to the server, it holds a DMAcc for the upstream server with the secrets the server chose.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class DeviceBootstrapTest {

    @Inject
    SessionRunner sessions;

    @ConfigProperty(name = "gateway.dev-id")
    String gatewayId;

    private static ItemCommand add(String uri, String value) {
        ItemCommand r = DmSessions.replace(uri, "chr", value);
        return new ItemCommand(Verb.ADD, r.cmdId(), false, null, r.meta(), null, r.items());
    }

    private static SimulatedDmDevice deviceAt(String devId, String pin) throws Exception {
        SimulatedDmDevice d = new SimulatedDmDevice(devId, Encoding.WBXML).withBootstrapPin(pin);
        String address = d.listenHttp();
        given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "transparent", "address", address))
                .post("/api/v1/devices").then().statusCode(201);
        return d;
    }

    @Test
    void theServerBootstrapsADeviceToTheGatewayWhichThenManagesItAlone() throws Exception {
        try (SimulatedDmDevice device = deviceAt("boot-gw", "4711")) {
            String b = GwmoNames.BOOTSTRAP + "/b1/";
            List<Command> out = DmSessions.session(sessions,
                    ItemCommand.of(Verb.ADD, "1", Item.target(GwmoNames.BOOTSTRAP + "/b1")),
                    add(b + "DevId", "boot-gw"),
                    add(b + "AuthType", "hmac"),
                    add(b + "Pin", "4711"),
                    ItemCommand.of(Verb.EXEC, "5", Item.target(b + "Operations/Send")));
            assertEquals(List.of(200), codes(out, "Exec"), out.toString());
            List<Command> read = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "1", Item.target(b + "Pin")),
                    ItemCommand.of(Verb.GET, "2", Item.target(b + "Status")));
            assertEquals(List.of(425, 200), codes(read, "Get"), "the PIN is never read back");
            assertTrue(DmSessions.values(read, b).startsWith("Status=200"), DmSessions.values(read, b));

            // the device now holds a DMAcc naming the gateway, at the gateway's POST /dm
            SimulatedDmDevice.Account account = device.bootstrapped.get(gatewayId);
            assertNotNull(account, "bootstrapped accounts: " + device.bootstrapped.keySet());
            assertEquals(AuthType.HMAC, account.type);
            String dm = device.addresses.get(gatewayId);
            assertTrue(dm.endsWith("/dm"), dm);
            given().get("/api/v1/devices/boot-gw").then().body("mode", equalTo("proxy"));
            given().get("/api/v1/devices/boot-gw/account").then().body("authType", equalTo("hmac"))
                    .body("serverId", equalTo(gatewayId)).body("clientSecretSet", equalTo(true))
                    .body("serverSecretSet", equalTo(true));

            // its first session acknowledges the bootstrap: both sides prove themselves with the new secrets
            device.withAccount(account).withServer(dm);
            device.session(dm);
            assertEquals(0, device.challenged.get() > 1 ? -1 : 0, "challenged once at most, for a first nonce");
            assertEquals(200, device.gatewayVerdicts.get(device.gatewayVerdicts.size() - 1),
                    "the device accepted the gateway's MAC " + device.gatewayVerdicts);
            given().get("/api/v1/devices/boot-gw").then().body("serverIds", hasItem(gatewayId));

            // and from then on the server's commands reach it through the gateway, which wakes it (HTTP Package 0)
            device.tree.put("./App/Mode", "eco");
            List<Command> relayed = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "1", Item.target(
                    GwmoNames.DEV_INVENTORY + "/boot-gw/Tree/App/Mode")));
            assertEquals(List.of(200), codes(relayed, "Get"));
            assertEquals("App/Mode=eco", DmSessions.values(relayed, GwmoNames.DEV_INVENTORY + "/boot-gw/Tree/"));
            await().atMost(Duration.ofSeconds(10)).until(() -> device.wokenSessions() == 1);
            assertTrue(device.failures().isEmpty(), device.failures().toString());
            assertEquals(200, device.gatewayVerdicts.get(device.gatewayVerdicts.size() - 1),
                    "the device accepted the gateway's MAC " + device.gatewayVerdicts);
        }
    }

    @Test
    void aBootstrapSignedWithTheWrongPinIsRefusedAndChangesNothing() throws Exception {
        try (SimulatedDmDevice device = deviceAt("boot-pin", "4711")) {
            given().contentType(ContentType.JSON).body(Map.of("pin", "0000")).post("/api/v1/devices/boot-pin/bootstrap")
                    .then().statusCode(502).body("error", org.hamcrest.Matchers.containsString("HTTP 401"));
            assertTrue(device.bootstrapped.isEmpty());
            given().get("/api/v1/devices/boot-pin").then().body("mode", equalTo("transparent"));
            given().get("/api/v1/devices/boot-pin/account").then().body("clientSecretSet", equalTo(false))
                    .body("serverSecretSet", equalTo(false));

            given().contentType(ContentType.JSON).body(Map.of("pin", "4711")).post("/api/v1/devices/boot-pin/bootstrap")
                    .then().statusCode(200);
            assertEquals(AuthType.MD5, device.bootstrapped.get(gatewayId).type, "md5 by default");
        }
    }

    @Test
    void theOperatorBootstrapsADeviceToTheUpstreamServerWithTheServersSecrets() throws Exception {
        try (SimulatedDmDevice device = deviceAt("boot-srv", null)) {
            given().contentType(ContentType.JSON).body(Map.of("target", "server"))
                    .post("/api/v1/devices/boot-srv/bootstrap").then().statusCode(400);
            Map<String, String> body = new HashMap<>(Map.of("target", "server", "clientSecret", "dev-to-server",
                    "serverSecret", "server-to-dev", "authType", "md5"));
            given().contentType(ContentType.JSON).body(body).post("/api/v1/devices/boot-srv/bootstrap").then()
                    .statusCode(200);
            SimulatedDmDevice.Account a = device.bootstrapped.get(DmServerResource.SERVER_ID);
            assertNotNull(a, device.bootstrapped.keySet().toString());
            assertEquals("server-to-dev", a.serverSecret);
            assertEquals("dev-to-server", a.clientSecret);
            assertEquals(DmServerResource.server.url().toString(), device.addresses.get(DmServerResource.SERVER_ID));
            given().get("/api/v1/devices/boot-srv").then().body("serverIds", hasItem(DmServerResource.SERVER_ID))
                    .body("mode", equalTo("transparent"));
        }
    }

    @Test
    void badRequestsGetClearAnswers() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "boot-udp", "mode", "proxy", "address",
                "127.0.0.1:2948")).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/devices/boot-udp/bootstrap").then()
                .statusCode(409).body("error", org.hamcrest.Matchers.containsString("no HTTP Address"));
        given().contentType(ContentType.JSON).body(Map.of("target", "moon"))
                .post("/api/v1/devices/boot-udp/bootstrap").then().statusCode(400).body("field", equalTo("target"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/devices/nobody/bootstrap").then()
                .statusCode(404);
        String b = GwmoNames.BOOTSTRAP + "/bad/";
        List<Command> out = DmSessions.session(sessions,
                ItemCommand.of(Verb.ADD, "1", Item.target(GwmoNames.BOOTSTRAP + "/bad")),
                add(b + "Target", "moon"),
                ItemCommand.of(Verb.EXEC, "3", Item.target(b + "Operations/Send")));
        assertEquals(List.of(200, 400), codes(out, "Add"));
        assertEquals(List.of(412), codes(out, "Exec"), "no DevId");
    }
}
