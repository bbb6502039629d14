package io.omadm.gateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's ../shared folder (interop captures, spec notes). CI always has it beside the clone, so there its
 * absence fails the test; a fresh clone elsewhere skips the tests that need it and passes the rest.
 */
public final class SharedDir {
    private SharedDir() {
    }

    public static Path require(String relative) {
        Path base = Path.of(System.getProperty("omadm.shared.dir", "../shared"));
        Path file = base.resolve(relative);
        boolean present = Files.exists(file);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must have ../shared beside the clone, but " + file + " is missing");
        }
        assumeTrue(present, () -> file + " is not present (../shared is beside the clone in CI)");
        return file;
    }
}
