package io.omadm.gateway.bench;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.southbound.JdbcProxyQueue;
import io.omadm.gateway.southbound.ProxyCommand;
import io.omadm.gateway.southbound.ProxyQueue;
import io.omadm.gateway.testing.TempPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The H2 file's size under a burst of proxy-mode commands and after it (docs/deploy.md, disk space): through the
 * gateway's own queue on the default H2 file, 300 devices get 10 commands a round, each queued in a commit of its
 * own as the API does, and answer them a message (10 answers) a commit; answered commands older than three rounds
 * are purged, so the live data stays about the same. After the rounds the store idles until the compaction has given
 * the file back. One line per run in {@code target/h2-file-bench.txt}: commits and their rate, the file's peak, its
 * size at the end of the burst, what the idle store gave it back to and how long after the burst. Run:
 * {@code mvn -Pbench verify -Dbench.include=H2FileSizeBenchmark} (about 2 minutes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Timeout(time = 30, timeUnit = TimeUnit.MINUTES)
public class H2FileSizeBenchmark {

    static final int DEVICES = 300;
    static final int COMMANDS = 10;
    static final int ROUNDS = 12;
    static final int KEPT_ROUNDS = 3;
    /** Longer than H2's 45 s retention plus a few compaction passes. */
    static final long IDLE_LIMIT_MS = 120_000;

    @Benchmark
    public long burstThenIdle() throws Exception {
        QuietLogging.apply();
        Path dir = TempPaths.dir("h2file");
        try (Database db = Database.open(Database.h2Url(dir), "sa", "", 4)) {
            ProxyQueue queue = new JdbcProxyQueue(db.dataSource(), id -> { });
            long start = System.nanoTime();
            long peak = 0;
            long commits = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                long roundStart = System.nanoTime();
                commits += round(queue, round);
                long purgeStart = System.nanoTime();
                int purged = queue.purgeAnsweredBefore(round - KEPT_ROUNDS, Integer.MAX_VALUE);
                commits++;
                long size = db.fileSize().orElseThrow();
                peak = Math.max(peak, size);
                System.out.printf("round %d: %.1f s, purge of %,d commands %.1f s, file %,d MB%n", round,
                        (purgeStart - roundStart) / 1e9, purged, (System.nanoTime() - purgeStart) / 1e9, size >> 20);
            }
            double burstSeconds = (System.nanoTime() - start) / 1e9;
            long atEnd = db.fileSize().orElseThrow();
            long idleStart = System.nanoTime();
            long size = atEnd;
            long lastChange = idleStart;
            // until the size has not moved for 10 s since it last fell
            while (System.nanoTime() - idleStart < IDLE_LIMIT_MS * 1_000_000
                    && (size == atEnd || System.nanoTime() - lastChange < 10_000_000_000L)) {
                Thread.sleep(1_000);
                long now = db.fileSize().orElseThrow();
                if (now != size) {
                    size = now;
                    lastChange = System.nanoTime();
                }
            }
            double idleSeconds = (lastChange - idleStart) / 1e9;
            record(String.format("%s commits %,d in %.1f s (%,.0f/s); file peak %,d MB, at the burst's end %,d MB;"
                    + " given back to %,d MB %.0f s after it", Instant.now(), commits, burstSeconds,
                    commits / burstSeconds, peak >> 20, atEnd >> 20, size >> 20, idleSeconds));
            return size;
        }
    }

    /** One round: every device's commands queued, then answered a message at a time; how many commits. */
    private static long round(ProxyQueue queue, int round) {
        byte[] value = "42".getBytes(StandardCharsets.UTF_8);
        List<List<ProxyQueue.Answer>> messages = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            List<ProxyQueue.Answer> answers = new ArrayList<>();
            for (int k = 0; k < COMMANDS; k++) {
                long id = queue.enqueue("dev-" + d, "Replace", "./App/Value" + k, value, "chr", null, round);
                answers.add(new ProxyQueue.Answer(id, 200, null));
            }
            messages.add(answers);
        }
        for (List<ProxyQueue.Answer> message : messages) {
            List<ProxyCommand> answered = queue.answerAll(message, round, c -> { });
            if (answered.size() != COMMANDS) {
                throw new IllegalStateException("answered " + answered.size() + " of " + COMMANDS);
            }
        }
        return (long) DEVICES * COMMANDS + DEVICES;
    }

    private static void record(String line) throws IOException {
        Files.writeString(Path.of("target", "h2-file-bench.txt"), line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
