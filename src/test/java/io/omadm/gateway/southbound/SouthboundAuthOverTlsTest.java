package io.omadm.gateway.southbound;

import io.omadm.gateway.testing.OverTls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/**
 * The device authentication of {@link SouthboundAuthCases}, the device and the operator on the gateway's HTTPS port;
 * the cases assert as on plain HTTP.
 */
@QuarkusTest
class SouthboundAuthOverTlsTest extends SouthboundAuthCases implements OverTls {

    @TestHTTPResource(value = "/dm", tls = true)
    URL dmOverTls;

    @Override
    public URL dmOverTls() {
        return dmOverTls;
    }

    @BeforeEach
    void devicesOnTheHttpsPort() {
        dm = dmOverTls;
    }

    @Override
    String id(String name) {
        return name + "-tls"; // the plain run's devices are on the same gateway, their lockouts too
    }
}
