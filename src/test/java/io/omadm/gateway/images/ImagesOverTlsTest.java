package io.omadm.gateway.images;

import io.omadm.gateway.testing.OverTls;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;

/**
 * The image store of {@link ImagesCases}, the downloads and the operator on the gateway's HTTPS port; the cases assert
 * as on plain HTTP.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class ImagesOverTlsTest extends ImagesCases implements OverTls {

    @TestHTTPResource(value = "/dm", tls = true)
    URL dmOverTls;

    @Override
    public URL dmOverTls() {
        return dmOverTls;
    }
}
