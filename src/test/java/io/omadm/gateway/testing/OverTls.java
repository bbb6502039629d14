package io.omadm.gateway.testing;

import java.net.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class whose cases run on the gateway's HTTPS port: RestAssured points there before each case (trusting
 * only the gateway's certificate, {@link GatewayTls}) and back to plain HTTP after it.
 */
public interface OverTls {

    /** The test's {@code @TestHTTPResource(value = "/dm", tls = true)}: its port is the HTTPS one. */
    URL dmOverTls();

    @BeforeEach
    default void onTheHttpsPort() {
        GatewayTls.restAssured(dmOverTls());
    }

    @AfterEach
    default void backToPlainHttp() {
        GatewayTls.plainAgain();
    }
}
