package io.omadm.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's ../shared folder (interop captures, spec notes), beside the clone. Its absence fails the tests that
 * need it ({@link Prerequisite}).
 */
public final class SharedDir {
    private SharedDir() {
    }

    public static Path require(String relative) {
        Path base = Path.of(System.getProperty("omadm.shared.dir", "../shared"));
        Path file = base.resolve(relative);
        if (!Files.exists(file)) {
            Prerequisite.missing(file + " is missing: the project's ../shared belongs beside the clone");
        }
        return file;
    }
}
