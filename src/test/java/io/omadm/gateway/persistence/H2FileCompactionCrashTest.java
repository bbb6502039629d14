package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL, as a crash or an OOM kill would) as soon as the compaction has begun to give its H2 file
 * back, with passes every 20 ms still rewriting and moving chunks and a row committed every few milliseconds: the file
 * opens again, the rows kept before are intact, and every row whose commit had returned is there.
 */
class H2FileCompactionCrashTest {

    @TempDir
    Path dataDir;

    @Test
    void aProcessKilledWhileItsFileIsCompactedLosesNoCommittedRow() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), H2CompactionCrashChild.class.getName(),
                dataDir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicInteger lastCommitted = new AtomicInteger(-1);
        long peak;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("peak "), "the child grew its file: " + line);
            peak = Long.parseLong(line.substring(5));
            Thread reader = new Thread(() -> out.lines().filter(l -> l.startsWith("committed "))
                    .forEach(l -> lastCommitted.set(Integer.parseInt(l.substring(10)))));
            reader.start();
            long shrinking = waitUntilSmaller(peak, Duration.ofSeconds(20));
            assertTrue(shrinking < peak, "the compaction began: " + (peak >> 20) + " MB, still " + (shrinking >> 20));
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            reader.join(10_000);
        }
        assertTrue(lastCommitted.get() >= 0, "rows were committed while the file was compacted");
        try (Database reopened = H2Burst.open(dataDir, Duration.ofHours(1))) {
            H2Burst.assertKeptRowsIntact(reopened);
            int below = H2Burst.count(reopened, "SELECT COUNT(*) FROM during WHERE id <= " + lastCommitted.get());
            assertEquals(lastCommitted.get() + 1, below, "every row whose commit returned before the kill");
        }
    }

    /** The size at the first pass that gave space back; killed right then, the next passes are still to come. */
    private long waitUntilSmaller(long peak, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long size = H2Burst.fileSize(dataDir);
        while (size >= peak && System.nanoTime() < deadline) {
            Thread.sleep(5);
            size = H2Burst.fileSize(dataDir);
        }
        return size;
    }
}
