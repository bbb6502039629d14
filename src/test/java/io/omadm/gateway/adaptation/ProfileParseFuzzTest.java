package io.omadm.gateway.adaptation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;
import java.io.IOException;
import java.util.Optional;

/**
 * A device-profile file as an integrator may save it (Jazzer): any content ends in a profile, none, an IOException
 * (not YAML of a profile's shape) or an IllegalArgumentException (a wrong value), which the registry reports with the
 * file name while it keeps the previous version. Never another exception or a hang.
 */
class ProfileParseFuzzTest {

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aProfileFileIsReadOrRefused(byte[] yaml) {
        Optional<DeviceProfile> profile;
        try {
            profile = ProfileRegistry.parse("fuzz.yaml", yaml);
        } catch (IOException | IllegalArgumentException refused) {
            return; // the refusals the registry reports
        }
        // what is accepted is what the adapters can use: a protocol name, and points with an address and a format
        profile.ifPresent(p -> {
            assertTrue(p.protocol().matches("[A-Za-z0-9_-]+"), p.protocol());
            p.points().values().forEach(point -> {
                assertFalse(point.address().isBlank(), point.path());
                assertTrue(Point.FORMATS.contains(point.format()), point.format());
            });
        });
    }
}
