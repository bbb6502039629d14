package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every change through the operator API is in the audit trail with who, from where, what and how it ended; reads
 * are not; only an admin reads the trail.
 */
@QuarkusTest
class AuditApiTest {

    private static List<Map<String, Object>> events(String query) {
        return given().get("/api/v1/audit?" + query).then().statusCode(200).extract().path("items");
    }

    @Test
    void changesByUsersAndTokensAreAuditedWithTheirOutcomeAndReadsAreNot() {
        String since = Instant.now().minusSeconds(1).toString();
        given().contentType(ContentType.JSON).body(Map.of("devId", "audited-1", "mode", "adaptation"))
                .post("/api/v1/devices").then().statusCode(201);
        given().get("/api/v1/devices/audited-1").then().statusCode(200);
        Map<String, Object> token = given().contentType(ContentType.JSON).body(Map.of("name", "audit-viewer",
                "role", "viewer")).post("/api/v1/tokens").then().statusCode(201).extract().as(Map.class);
        String secret = (String) token.get("secret");
        String tokenId = (String) ((Map<String, Object>) token.get("token")).get("id");
        given().auth().none().header("Authorization", "Bearer " + secret).delete("/api/v1/devices/audited-1")
                .then().statusCode(403);

        List<Map<String, Object>> created = events("actor=user:admin&action=POST&target=/api/v1/devices&from="
                + since);
        Map<String, Object> c = created.stream().filter(e -> "/api/v1/devices".equals(e.get("target")))
                .findFirst().orElseThrow(() -> new AssertionError("no POST /api/v1/devices in " + created));
        assertEquals(201, c.get("outcome"));
        assertEquals("127.0.0.1", c.get("source"));
        List<Map<String, Object>> refused = events("target=/api/v1/devices/audited-1&from=" + since);
        assertEquals(1, refused.size(), "the GET is not audited: " + refused);
        assertEquals("DELETE", refused.get(0).get("action"));
        assertEquals(403, refused.get(0).get("outcome"));
        assertEquals("token:" + tokenId + "/admin", refused.get(0).get("actor"), "the token, and the user who made it");
    }

    @Test
    void onlyAnAdminReadsTheTrailAndBadFiltersAre400() {
        String operator = given().contentType(ContentType.JSON).body(Map.of("name", "audit-operator", "role",
                "operator")).post("/api/v1/tokens").then().statusCode(201).extract().path("secret");
        given().auth().none().header("Authorization", "Bearer " + operator).get("/api/v1/audit").then()
                .statusCode(403);
        given().auth().none().get("/api/v1/audit").then().statusCode(401);
        String field = given().get("/api/v1/audit?from=yesterday").then().statusCode(400).extract().path("field");
        assertEquals("from", field);
        given().get("/api/v1/audit?limit=5000").then().statusCode(400);
        assertTrue(given().get("/api/v1/audit?limit=1").then().statusCode(200).extract().<Integer>path("total") > 0);
    }
}
