package io.omadm.gateway.images;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The operator uploads a package through the REST API (streamed to disk; larger than Quarkus's default 10 MB body
 * limit), and a gateway whose allow-list does not hold this test's address (127.0.0.1) serves it only with the
 * device token the operator API gives.
 */
@QuarkusTest
@TestProfile(ImageUploadAndAccessTest.OnlyTheSiteLan.class)
class ImageUploadAndAccessTest {

    public static class OnlyTheSiteLan implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.images.allow", "10.0.0.0/8");
        }
    }

    @Test
    void anUploadedImageIsServedOnlyWithItsDevicesTokenOutsideTheAllowList() throws Exception {
        byte[] image = new byte[12 * 1024 * 1024];
        new Random(12).nextBytes(image);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        given().contentType(ContentType.JSON).body(Map.of("id", "up-1", "size", image.length)).post("/api/v1/images")
                .then().statusCode(201);
        given().contentType("application/octet-stream").body(image).put("/api/v1/images/up-1/data").then()
                .statusCode(200).body("status", equalTo("stored")).body("sha256", equalTo(sha));

        long quota = given().get("/api/v1/image-store").then().statusCode(200).extract().jsonPath()
                .getLong("quotaBytes");
        assertTrue(quota > image.length, "the quota in bytes: " + quota);
        long used = given().get("/api/v1/image-store").then().extract().jsonPath().getLong("usedBytes");
        assertTrue(used >= image.length, "the upload counts against the quota: " + used);

        given().get("/images/" + sha).then().statusCode(403).body(containsString("gateway.images.allow"));
        String url = given().get("/api/v1/images/up-1/url?dev=plc-9").then().statusCode(200).extract().path("url");
        String pathAndQuery = url.substring(url.indexOf("/images/"));
        assertArrayEquals(image, given().get(pathAndQuery).then().statusCode(200).extract().asByteArray());
        given().get(pathAndQuery.replace("dev=plc-9", "dev=plc-8")).then().statusCode(403);

        // refusals: no such entry, not the size the entry said
        given().contentType("application/octet-stream").body(new byte[10]).put("/api/v1/images/none/data").then()
                .statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("id", "up-2", "size", 5)).post("/api/v1/images").then()
                .statusCode(201);
        String error = given().contentType("application/octet-stream").body(new byte[10])
                .put("/api/v1/images/up-2/data").then().statusCode(400).extract().path("error");
        assertTrue(error.contains("Size said 5"), error);
    }
}
