package io.omadm.gateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test does when something it needs from outside the JVM (a Debian tool, ../shared) is missing: it fails,
 * saying how to get it. A developer without root who knowingly runs a partial suite may set
 * {@code OMADM_ALLOW_MISSING=true} to have those tests reported as skipped instead; nothing else skips them.
 */
final class Prerequisite {
    private Prerequisite() {
    }

    static void missing(String why) {
        if (!"true".equalsIgnoreCase(System.getenv("OMADM_ALLOW_MISSING"))) {
            throw new AssertionError(why + " (OMADM_ALLOW_MISSING=true skips such tests on a developer machine)");
        }
        assumeTrue(false, why);
    }
}
