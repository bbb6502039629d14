package io.omadm.gateway.southbound;

import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The cases of {@link ProxyRelayCases} (and their assertions) on the gateway's plain HTTP port. */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class ProxyRelayTest extends ProxyRelayCases {
}
