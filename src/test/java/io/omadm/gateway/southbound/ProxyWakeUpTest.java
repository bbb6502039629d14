package io.omadm.gateway.southbound;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice.Account;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * B.3 with the wake-up: a command for a proxy-mode device makes the gateway send the device a Package 0 it signs as
 * the device's DM server, to the device's Address (UDP); the device checks the digest, opens a session, and its answer
 * reaches the server within gateway.proxy.wait. A device that never answers the wake-up: the server gets 202, and the
 * command ends with 408 after gateway.proxy.expiry, reported by a ProxyResult alert.
 */
@QuarkusTest
@TestProfile(ProxyWakeUpTest.ShortExpiry.class)
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class ProxyWakeUpTest {

    public static class ShortExpiry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.proxy.expiry", "6s", "gateway.proxy.wait", "3s");
        }
    }

    @TestHTTPResource("/dm")
    URL dm;

    @Inject
    SessionRunner sessions;

    private SimulatedDmDevice device(String devId, AuthType type) throws Exception {
        SimulatedDmDevice d = new SimulatedDmDevice(devId, Encoding.WBXML).withServer(dm.toString())
                .withAccount(new Account(type, devId, "dev-pw-" + devId, "omadm-gateway", "gw-pw-" + devId));
        int port = d.listen();
        given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "proxy", "address",
                "127.0.0.1:" + port)).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("authType", type.name().toLowerCase(java.util.Locale.ROOT),
                "clientName", devId, "clientSecret", "dev-pw-" + devId, "serverId", "omadm-gateway", "serverSecret",
                "gw-pw-" + devId))
                .put("/api/v1/devices/{d}/account", devId).then().statusCode(200);
        return d;
    }

    @Test
    void theServersCommandWakesTheDeviceAndGetsItsAnswerInTheSameSession() throws Exception {
        try (SimulatedDmDevice device = device("wake-md5", AuthType.MD5)) {
            device.tree.put("./App/Level", "4");
            String t = GwmoNames.DEV_INVENTORY + "/wake-md5/Tree/";
            List<Command> out = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "1", Item.target(t
                    + "App/Level")));
            assertEquals(List.of(200), codes(out, "Get"), "answered within the wait: the device was woken");
            assertEquals("App/Level=4", DmSessions.values(out, t));
            assertEquals(List.of(Package0.Verdict.VALID_WITH_RESYNC_NONCE), device.wakeUps,
                    "before any session the gateway signs with the resync nonce");
            await().atMost(Duration.ofSeconds(10)).until(() -> device.wokenSessions() == 1);

            // the operator's command: the device now holds a nonce from that session, and the next Package 0 uses it
            given().contentType(ContentType.JSON).body(Map.of("op", "Replace", "path", "./App/Level", "data", "6"))
                    .post("/api/v1/devices/wake-md5/commands").then().statusCode(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> "6".equals(device.tree.get("./App/Level")));
            assertEquals(Package0.Verdict.VALID, device.wakeUps.get(1));
            assertTrue(device.failures().isEmpty(), device.failures().toString());
        }
    }

    @Test
    void aDeviceThatNeverAnswersTheWakeUpEndsWith202ThenA408ProxyResult() throws Exception {
        try (SimulatedDmDevice device = device("wake-mute", AuthType.HMAC).mute()) {
            String t = GwmoNames.DEV_INVENTORY + "/wake-mute/Tree/";
            List<Command> out = DmSessions.session(sessions, DmSessions.replace(t + "App/Level", "chr", "1"));
            assertEquals(List.of(202), codes(out, "Replace"));
            assertEquals(1, device.wakeUps.size(), "it was woken, once");
            await().atMost(Duration.ofSeconds(30)).until(() -> !proxyResults(t + "App/Level").isEmpty());
            assertTrue(proxyResults(t + "App/Level").get(0).contains("\"status\":408"),
                    proxyResults(t + "App/Level").toString());
            List<Map<String, Object>> commands = given().get("/api/v1/devices/wake-mute/commands").then()
                    .statusCode(200).extract().path("");
            assertEquals(408, commands.get(0).get("status"));
        }
    }

    @Test
    void oneServerSessionManagesSeveralDevicesEachWithItsOwnSecretsWhichNeverGoNorthbound() throws Exception {
        // HLF-004, SECACATE-002: the server authenticates once, to the gateway; the gateway authenticates to each
        // device with that device's own credentials, and no Get of the server's returns any of them
        try (SimulatedDmDevice one = device("shared-1", AuthType.MD5);
                SimulatedDmDevice two = device("shared-2", AuthType.HMAC)) {
            one.tree.put("./App/Level", "1");
            two.tree.put("./App/Level", "2");
            String t = GwmoNames.DEV_INVENTORY + "/";
            List<Command> out = DmSessions.session(sessions,
                    ItemCommand.of(Verb.GET, "1", Item.target(t + "shared-1/Tree/App/Level")),
                    ItemCommand.of(Verb.GET, "2", Item.target(t + "shared-2/Tree/App/Level")),
                    ItemCommand.of(Verb.GET, "3", Item.target(t + "shared-1/AuthSecret")),
                    ItemCommand.of(Verb.GET, "4", Item.target(t + "shared-2/AuthName")));
            assertEquals(List.of(200, 200, 425, 425), codes(out, "Get"));
            assertEquals(t + "shared-1/Tree/App/Level=1 " + t + "shared-2/Tree/App/Level=2",
                    DmSessions.values(out, ""));
            assertTrue(out.toString().indexOf("dev-pw") < 0 && out.toString().indexOf("gw-pw") < 0, out.toString());
        }
    }

    private static List<String> proxyResults(String uri) {
        return DmServerResource.server.genericAlerts().stream().flatMap(a -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_PROXY_RESULT.equals(i.meta().type())
                        && i.source() != null && uri.equals(i.source().locUri()))
                .map(i -> i.data().asText()).toList();
    }
}
