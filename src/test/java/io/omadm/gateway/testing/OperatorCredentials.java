package io.omadm.gateway.testing;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every test calls the operator API as the test profile's admin unless it says otherwise ({@code given().auth()
 * .none()}, another user or token): the API refuses anonymous callers. For plain tests (the process-level ones) by
 * JUnit's extension auto-detection (META-INF/services; quarkus-junit-config turns auto-detection on, and no
 * junit-platform.properties of ours may shadow its own, which also orders the Quarkus test classes by profile); a
 * {@code @QuarkusTest} runs in Quarkus's class loader with its own copy of RestAssured, set by
 * {@link QuarkusOperatorCredentials}.
 */
public final class OperatorCredentials implements BeforeAllCallback {

    public static final String USER = "admin";
    /** %test.gateway.security.admin-password in application.properties. */
    public static final String PASSWORD = "test-admin-password";

    @Override
    public void beforeAll(ExtensionContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic(USER, PASSWORD);
    }
}
