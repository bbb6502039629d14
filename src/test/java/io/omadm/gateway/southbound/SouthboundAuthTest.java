package io.omadm.gateway.southbound;

import io.quarkus.test.junit.QuarkusTest;

/** The cases of {@link SouthboundAuthCases} (and their assertions) on the gateway's plain HTTP port. */
@QuarkusTest
class SouthboundAuthTest extends SouthboundAuthCases {
}
