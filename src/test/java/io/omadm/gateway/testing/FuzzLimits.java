package io.omadm.gateway.testing;

/**
 * How long each @FuzzTest fuzzes under scripts/fuzz (JAZZER_FUZZ=1): a million executions, or the time limit if that
 * comes first. In the normal test run a fuzz test only replays its seeds and crashers, whatever these say.
 */
public final class FuzzLimits {

    public static final long EXECUTIONS = 1_000_000;
    public static final String DURATION = "30m";

    private FuzzLimits() {
    }
}
