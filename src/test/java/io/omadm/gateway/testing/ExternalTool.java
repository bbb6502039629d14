package io.omadm.gateway.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an independent implementation (Debian's wbxml2xml, xml2wbxml, tshark, mosquitto) that scripts/test installs.
 * A missing tool fails the test with the install command ({@link Prerequisite}).
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    public static Path require(String name, String debianPackage) {
        // sbin too: mosquitto lives in /usr/sbin, which a non-root PATH may lack
        String path = System.getenv().getOrDefault("PATH", "/usr/bin") + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Prerequisite.missing(name + " is not installed: apt-get install -y " + debianPackage
                + " (scripts/test does it)");
        return null;
    }

    /** Runs a command to completion (at most 60 s) and returns its standard output; fails on a non-zero exit. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Path out = TempPaths.file("tool", ".out");
        Path err = TempPaths.file("tool", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return new String(Files.readAllBytes(out), StandardCharsets.UTF_8); // lenient: binary output stays readable
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
