package io.omadm.gateway.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * {@link OperatorCredentials} for {@code @QuarkusTest}s: a Quarkus test callback (META-INF/services), run in Quarkus's
 * class loader, where the test's RestAssured lives.
 */
public final class QuarkusOperatorCredentials implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic(OperatorCredentials.USER,
                OperatorCredentials.PASSWORD);
    }
}
