package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * As a site runs it (gateway.security.allow-plain-http false, the default outside the tests): the operator API and
 * metrics over plain HTTP get 403 whatever credentials come with them, over HTTPS they answer; the devices' faces and
 * the health probes stay on plain HTTP.
 */
@QuarkusTest
@TestProfile(PlainHttpRefusedTest.SiteDefaults.class)
class PlainHttpRefusedTest {

    public static class SiteDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.security.allow-plain-http", "false");
        }
    }

    @TestHTTPResource(value = "/api/v1/devices", tls = true)
    URL overTls;

    @Test
    void theOperatorApiIsRefusedOverPlainHttpAndServedOverHttps() {
        given().get("/api/v1/devices").then().statusCode(403);
        given().auth().none().get("/api/v1/devices").then().statusCode(403);
        given().get("/q/metrics").then().statusCode(403);
        given().relaxedHTTPSValidation().get(overTls.toString()).then().statusCode(200);
        given().auth().none().get("/q/health/ready").then().statusCode(200);
        assertEquals(400, given().auth().none().contentType("application/vnd.syncml.dm+xml").body("<SyncML/>")
                .post("/dm").statusCode(), "the DM face on plain HTTP");
    }
}
