package io.omadm.gateway.adaptation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;
import java.io.IOException;

/**
 * A device-profile file as an integrator may save it (Jazzer): any content ends in a profile, none, an IOException
 * (not YAML of a profile's shape) or an IllegalArgumentException (a wrong value), which the registry reports with the
 * file name while it keeps the previous version. Never another exception or a hang.
 */
class ProfileParseFuzzTest {

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aProfileFileIsReadOrRefused(byte[] yaml) {
        try {
            ProfileRegistry.parse("fuzz.yaml", yaml);
        } catch (IOException | IllegalArgumentException refused) {
            // the refusals the registry reports
        }
    }
}
