package io.omadm.gateway.southbound;

import io.omadm.gateway.testing.GatewayTls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The device authentication of {@link SouthboundAuthCases}, the device and the operator on the gateway's HTTPS port.
 */
@QuarkusTest
class SouthboundAuthOverTlsTest extends SouthboundAuthCases {

    @TestHTTPResource(value = "/dm", tls = true)
    URL dmOverTls;

    @BeforeEach
    void overTls() {
        dm = dmOverTls;
        GatewayTls.restAssured(dmOverTls);
    }

    @AfterEach
    void plainAgain() {
        GatewayTls.plainAgain();
    }

    @Override
    String id(String name) {
        return name + "-tls"; // the plain run's devices are on the same gateway, their lockouts too
    }
}
