package io.omadm.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Temporary files and folders for test servers and benchmark gateways (databases, logs, configs), removed when the
 * JVM exits: a benchmark's H2 file reaches a gigabyte, and the suite starts hundreds of servers, so leaving them in
 * /tmp fills the disk in a few days of runs. The JVM's exit comes after the servers were stopped by their tests.
 */
public final class TempPaths {

    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(TempPaths::delete), "temp-paths"));
    }

    private TempPaths() {
    }

    public static Path dir(String prefix) {
        try {
            return register(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path file(String prefix, String suffix) {
        try {
            return register(Files.createTempFile(prefix, suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path register(Path p) {
        CREATED.add(p);
        return p;
    }

    /** Deletes a file, or a folder with everything in it; what cannot be deleted stays (best effort at exit). */
    static void delete(Path p) {
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // gone already, or unreadable: nothing more to do at exit
        }
    }
}
