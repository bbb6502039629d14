package io.omadm.gateway.transparent;

import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The cases of {@link TransparentModeCases} (and their assertions) on the gateway's plain HTTP port. */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class TransparentModeTest extends TransparentModeCases {
}
