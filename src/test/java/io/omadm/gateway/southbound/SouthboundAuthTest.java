package io.omadm.gateway.southbound;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;

/** The cases of {@link SouthboundAuthCases} (and their assertions) on the gateway's plain HTTP port. */
@QuarkusTest
@Tag("quarkus")
class SouthboundAuthTest extends SouthboundAuthCases {
}
