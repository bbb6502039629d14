package io.omadm.gateway.testing;

/**
 * What a test does when something it needs from outside the JVM (a Debian tool, ../shared) is missing: it fails,
 * saying how to get it. No test is ever skipped for it: a suite that skipped would prove nothing about what it skipped
 * (scripts/test installs every tool, so it never fails for this).
 */
public final class Prerequisite {
    private Prerequisite() {
    }

    public static void missing(String why) {
        throw new AssertionError(why);
    }
}
