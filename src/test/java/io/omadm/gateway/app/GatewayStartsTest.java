package io.omadm.gateway.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The gateway starts with its embedded defaults, no external service, and reports itself healthy. */
@QuarkusTest
class GatewayStartsTest {

    @Test
    void healthIsUpWithEmbeddedDefaults() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void camelContextIsReportedLive() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.find { it.name == 'context' }.data.'context.status'", equalTo("Started"));
    }
}
