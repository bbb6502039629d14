package io.omadm.gateway.southbound;

import static io.omadm.gateway.testing.QueuedCommands.command;
import static io.omadm.gateway.testing.QueuedCommands.queue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice.Account;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication both ways between the gateway, as DM server, and proxy-mode devices: each device proves itself with
 * its own credentials in its account's scheme (basic, MD5 with a nonce per session, HMAC on every message) and the
 * gateway proves itself with its SRVCRED in the device's DMAcc. Nonces survive from one session to the next, so only
 * the very first session is challenged. A device that does not accept the gateway gets nothing done, and a device
 * with the wrong secret gets no command.
 */
abstract class SouthboundAuthCases {

    @TestHTTPResource("/dm")
    URL dm;

    /** The DevId {@code name} has in this run of the cases (each run on one gateway needs its own devices). */
    String id(String name) {
        return name;
    }

    private static void proxyDevice(String devId, String type, String clientSecret, String serverSecret) {
        given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "proxy")).post("/api/v1/devices")
                .then().statusCode(201);
        Map<String, String> account = new HashMap<>(Map.of("authType", type, "clientName", devId + "-user",
                "clientSecret", clientSecret));
        if (serverSecret != null) {
            account.put("serverId", "omadm-gateway");
            account.put("serverSecret", serverSecret);
        }
        given().contentType(ContentType.JSON).body(account).put("/api/v1/devices/{d}/account", devId).then()
                .statusCode(200).body("authType", equalTo(type)).body("clientSecretSet", equalTo(true))
                .body("serverSecretSet", equalTo(serverSecret != null));
    }

    @Test
    void eachSchemeAuthenticatesBothWaysAndOnlyTheFirstSessionIsChallenged() throws Exception {
        for (AuthType type : AuthType.values()) {
            for (Encoding encoding : List.of(Encoding.XML, Encoding.WBXML)) {
                String name = type.name().toLowerCase(Locale.ROOT);
                String devId = id("auth-" + name + "-" + encoding.name().toLowerCase(Locale.ROOT));
                proxyDevice(devId, name, "dev-secret", "gw-secret");
                SimulatedDmDevice device = new SimulatedDmDevice(devId, encoding).withAccount(
                        new Account(type, devId + "-user", "dev-secret", "omadm-gateway", "gw-secret"));
                if (encoding == Encoding.WBXML) {
                    device.http11(); // a blocking HTTP/1.1 client, headers and all, as embedded clients are
                }

                long first = queue(devId, "Get", "./DevInfo/Mod", null);
                device.session(dm.toString());
                assertEquals(200, command(devId, first).get("status"), devId);
                assertEquals("Sim-42", command(devId, first).get("result"), devId);
                assertEquals(type == AuthType.BASIC ? 0 : 1, device.challenged.get(),
                        devId + ": a nonce is needed only the first time");
                List<Integer> firstVerdicts = List.copyOf(device.gatewayVerdicts);
                assertTrue(accepted(firstVerdicts.get(firstVerdicts.size() - 1)), devId + ": the device accepted"
                        + " the gateway in the end " + firstVerdicts);
                assertTrue(firstVerdicts.stream().filter(c -> !accepted(c)).count() <= (type == AuthType.BASIC ? 0
                        : 1), devId + ": the gateway challenged at most once, for a nonce " + firstVerdicts);

                long second = queue(devId, "Get", "./DevInfo/Man", null);
                device.session(dm.toString());
                assertEquals("SimCo", command(devId, second).get("result"), devId);
                assertEquals(type == AuthType.BASIC ? 0 : 1, device.challenged.get(),
                        devId + ": the nonce given last session holds");
                assertEquals(2, device.receivedOutsideDmAcc().size(), devId);
                assertTrue(device.gatewayVerdicts.subList(firstVerdicts.size(), device.gatewayVerdicts.size()).stream()
                        .allMatch(SouthboundAuthCases::accepted), devId + ": the gateway was not challenged again "
                        + device.gatewayVerdicts);
            }
        }
    }

    private static boolean accepted(int code) {
        return code == 200 || code == 212;
    }

    @Test
    void aDeviceWithTheWrongSecretGetsNoCommand() throws Exception {
        String devId = id("auth-wrong");
        proxyDevice(devId, "md5", "right", null);
        long id = queue(devId, "Get", "./DevInfo/Mod", null);
        SimulatedDmDevice device = new SimulatedDmDevice(devId, Encoding.XML)
                .withAccount(new Account(AuthType.MD5, devId + "-user", "wrong", null, null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> device.session(dm.toString()));
        assertTrue(e.getMessage().contains("refused the device's credentials"), e.getMessage());
        assertTrue(device.received.isEmpty());
        assertNull(command(devId, id).get("status"), "still queued for the device");
    }

    @Test
    void aDeviceThatRefusesTheGatewayGetsNothingDoneAndTheSessionEnds() throws Exception {
        String devId = id("auth-refuses");
        proxyDevice(devId, "hmac", "dev-secret", "gw-secret");
        long id = queue(devId, "Get", "./DevInfo/Mod", null);
        // the device's DMAcc holds another secret for the gateway than the gateway has
        SimulatedDmDevice device = new SimulatedDmDevice(devId, Encoding.WBXML).withAccount(
                new Account(AuthType.HMAC, devId + "-user", "dev-secret", "omadm-gateway", "other"));
        device.session(dm.toString());
        assertTrue(device.received.isEmpty(), "the device carried out nothing");
        assertTrue(device.gatewayVerdicts.stream().allMatch(c -> c == 401 || c == 407), device.gatewayVerdicts
                .toString());
        assertEquals(DeviceSessions.MAX_REFUSALS + 1, device.gatewayVerdicts.size(),
                "the gateway gave up after its refusals " + device.gatewayVerdicts);
        assertNull(command(devId, id).get("status"), "the refused answers do not count");
    }

    @Test
    void aDeviceThatWaitsForTheGatewaysCredentialsGetsThemInTheFirstAnswer() throws Exception {
        String devId = id("auth-waits");
        proxyDevice(devId, "md5", "dev-secret", "gw-secret");
        long get = queue(devId, "Get", "./DevInfo/Mod", null);
        SimulatedDmDevice device = new SimulatedDmDevice(devId, Encoding.XML).withAccount(
                new Account(AuthType.MD5, devId + "-user", "dev-secret", "omadm-gateway", "gw-secret"));
        device.account().serverNonce = "a nonce the gateway never heard of".getBytes(StandardCharsets.UTF_8);
        device.waitsForGatewayCredentials = true; // Status 0 to a gateway that sends no credentials
        device.session(dm.toString());
        assertEquals(200, command(devId, get).get("status"), "answered in the first session");
        assertEquals("Sim-42", command(devId, get).get("result"));
        assertEquals(401, device.gatewayVerdicts.get(0), "the resync nonce is not the device's: one challenge "
                + device.gatewayVerdicts);
        assertTrue(accepted(device.gatewayVerdicts.get(1)), "then the gateway's retry with the device's nonce "
                + device.gatewayVerdicts);
    }

    @Test
    void theAccountNeverShowsItsSecretsAndIsCheckedOnInput() {
        String devId = id("auth-view");
        proxyDevice(devId, "hmac", "s3cret-client", "s3cret-server");
        given().get("/api/v1/devices/{d}/account", devId).then().statusCode(200)
                .body(not(containsString("s3cret"))).body("serverId", equalTo("omadm-gateway"));
        given().get("/api/v1/devices/" + devId).then().statusCode(200).body(not(containsString("s3cret")));
        given().contentType(ContentType.JSON).body(Map.of("authType", "rot13"))
                .put("/api/v1/devices/{d}/account", devId).then().statusCode(400).body("field", equalTo("authType"));
        given().contentType(ContentType.JSON).body(Map.of("serverId", "x"))
                .put("/api/v1/devices/{d}/account", devId).then().statusCode(400)
                .body("field", equalTo("serverSecret"));
        given().contentType(ContentType.JSON).body(Map.of("authType", "md5")).put("/api/v1/devices/nobody/account")
                .then().statusCode(404);
    }
}
