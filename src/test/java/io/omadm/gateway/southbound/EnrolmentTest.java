package io.omadm.gateway.southbound;

import static io.omadm.gateway.testing.QueuedCommands.command;
import static io.omadm.gateway.testing.QueuedCommands.queue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice.Account;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Registration policy credential: a device the gateway does not know signs in with its DevId and the site's enrolment
 * secret, is registered in proxy mode, and in that first session the gateway replaces the secrets of its DMAcc for the
 * gateway (CLCRED and SRVCRED) with its own; from then on the enrolment secret no longer signs it in, and the gateway
 * proves itself with the new server secret. A device with a wrong enrolment secret gets nothing recorded.
 */
@QuarkusTest
@TestProfile(EnrolmentTest.CredentialPolicy.class)
class EnrolmentTest {

    static final String SITE_SECRET = "site-enrolment-secret-2026";

    public static class CredentialPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.southbound.registration", "credential",
                    "gateway.southbound.enrolment.secret", SITE_SECRET);
        }
    }

    @TestHTTPResource("/dm")
    URL dm;

    @ConfigProperty(name = "gateway.dev-id")
    String gatewayId;

    @Test
    void aDeviceEnrolsWithTheSiteSecretAndLeavesItsFirstSessionWithCredentialsOfItsOwn() throws Exception {
        SimulatedDmDevice device = new SimulatedDmDevice("enr-1", Encoding.WBXML)
                .withAccount(new Account(AuthType.MD5, "enr-1", SITE_SECRET, gatewayId, null))
                .withAppAuth("factory-server-secret");
        device.session(dm.toString());
        given().get("/api/v1/devices/enr-1").then().statusCode(200).body("mode", equalTo("proxy"))
                .body("status", equalTo("attached"));
        Account a = device.account();
        assertNotEquals(SITE_SECRET, a.clientSecret, "the gateway replaced the device's enrolment secret");
        assertTrue(a.clientSecret.length() >= 32, a.clientSecret);
        assertNotEquals("factory-server-secret", a.serverSecret, "and the gateway's secret in the device's DMAcc");
        assertFalse(given().get("/api/v1/devices/enr-1/commands").then().statusCode(200).extract().asString()
                .contains(a.clientSecret), "the new secrets are not shown by the queue");

        // the next session: the device with its own secret, and now checking the gateway's
        long get = queue("enr-1", "Get", "./DevInfo/Mod", null);
        device.session(dm.toString());
        assertEquals(200, command("enr-1", get).get("status"));
        assertEquals("Sim-42", command("enr-1", get).get("result"));
        assertTrue(device.gatewayVerdicts.stream().anyMatch(c -> c == 212 || c == 200),
                "the device accepted the gateway's new credentials " + device.gatewayVerdicts);

        // the enrolment secret no longer signs this DevId in
        SimulatedDmDevice impostor = new SimulatedDmDevice("enr-1", Encoding.XML)
                .withAccount(new Account(AuthType.MD5, "enr-1", SITE_SECRET, null, null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> impostor.session(dm.toString()));
        assertTrue(e.getMessage().contains("refused the device's credentials"), e.getMessage());
    }

    @Test
    void aWrongEnrolmentSecretOrNoneRecordsNothing() throws Exception {
        SimulatedDmDevice guessing = new SimulatedDmDevice("enr-guess", Encoding.XML)
                .withAccount(new Account(AuthType.BASIC, "enr-guess", "not-the-site-secret", null, null));
        assertThrows(IllegalStateException.class, () -> guessing.session(dm.toString()));
        SimulatedDmDevice anonymous = new SimulatedDmDevice("enr-anon", Encoding.XML);
        assertThrows(IllegalStateException.class, () -> anonymous.session(dm.toString()));
        given().get("/api/v1/devices/enr-guess").then().statusCode(404);
        given().get("/api/v1/devices/enr-anon").then().statusCode(404);
        given().get("/api/v1/devices?status=pending").then().statusCode(200).body("total", equalTo(0));
    }
}
