package io.omadm.gateway.adaptation.opcua;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.opcua.SecuredMachine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole way a site connects the gateway to a locked-down OPC UA server, through the operator API: a device on it
 * is refused (502) naming the server certificate to trust; the admin lists the rejected certificate and trusts it;
 * the server's administrator trusts the gateway's certificate as the API hands it out (PEM); the device's Speed is
 * then read with the identity the gateway's configuration declares. Bad thumbprints are 400 and 404.
 */
@QuarkusTest
@TestProfile(OpcUaTrustApiTest.WithAnIdentity.class)
class OpcUaTrustApiTest {

    public static class WithAnIdentity implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.opcua.identities.line.username", "operator",
                    "gateway.opcua.identities.line.password", "pw-7");
        }
    }

    @Test
    void anAdminTrustsTheServerAndTheDeviceIsReadOnceTheServerTrustsTheGateway() throws Exception {
        try (SecuredMachine server = new SecuredMachine(FreePort.forChildProcess(), "operator", "pw-7", c -> false)) {
            String url = server.start();
            given().contentType(ContentType.JSON).body(Map.of("devId", "sec-1", "mode", "adaptation", "protocol",
                    "opcua", "address", url + "?identity=line", "profile", "opcua-demo"))
                    .post("/api/v1/devices").then().statusCode(201);
            String thumbprint = OpcUaSecurity.thumbprint(server.certificate());
            given().get("/api/v1/devices/sec-1/tree/Speed").then().statusCode(502)
                    .body("error", containsString("/api/v1/opcua/certificates/" + thumbprint + "/trust"));
            given().get("/api/v1/opcua/certificates").then().statusCode(200)
                    .body("find { it.thumbprint == '" + thumbprint + "' }.trusted", equalTo(false));

            given().post("/api/v1/opcua/certificates/not-a-thumbprint/trust").then().statusCode(400);
            given().post("/api/v1/opcua/certificates/" + "0".repeat(40) + "/trust").then().statusCode(404);
            given().post("/api/v1/opcua/certificates/" + thumbprint + "/trust").then().statusCode(200)
                    .body("trusted", equalTo(true));

            String pem = given().get("/api/v1/opcua/certificate").then().statusCode(200).extract().asString();
            assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
            server.trust((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                    given().get("/api/v1/devices/sec-1/tree/Speed").statusCode() == 200);
            given().get("/api/v1/devices/sec-1/tree/Speed").then().body("value", equalTo("1200"));
        }
    }
}
