package io.omadm.gateway.bench;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.GroupCommit;
import io.omadm.gateway.southbound.JdbcProxyQueue;
import io.omadm.gateway.southbound.ProxyCommand;
import io.omadm.gateway.southbound.ProxyQueue;
import io.omadm.gateway.testing.TempPaths;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The part of a proxy-mode session that dominates the gateway's profile (docs/benchmarks.md, proxy sessions): the
 * devices' answers stored through the gateway's own queue on the default H2 file, with no HTTP, codec or load
 * generator around it, so that a change to the store is measured without the end-to-end benchmark's noise. Each
 * iteration queues 10 commands for each of 1,000 devices (outside the time; the file keeps what earlier iterations
 * stored, as a gateway keeps 30 days of answered commands), then 32 threads, as many sessions as the end-to-end
 * benchmark runs, answer them a device's message (10 answers, half with a value) at a time in a shuffled order,
 * each message durable before its thread goes on (the group commit) and 2 ms (the device's round trip) before its
 * next one, so that commits group messages about as they do in the gateway. Besides JMH's time, one line per measured
 * iteration in {@code target/proxy-answer-bench.txt}: the CPU time the threads spent storing answers (their own
 * and, for the one that commits a group, the others'), per message, and how many messages a commit held. Run:
 * {@code mvn -Pbench verify -Dbench.include=ProxyAnswerStoreBenchmark} (about a minute).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class ProxyAnswerStoreBenchmark {

    static final int DEVICES = 1_000;
    static final int COMMANDS = 10;
    static final int SESSIONS = 32;
    /** What a session does between two answering exchanges: the device's round trip and its other exchange. */
    static final long BETWEEN_MS = 2;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time the sessions' threads spent in the queue's answerAll (a commit for others included). */
    private final LongAdder storing = new LongAdder();
    private Database db;
    private JdbcProxyQueue queue;
    private ExecutorService sessions;
    private List<List<ProxyQueue.Answer>> messages;
    private int iteration;
    private boolean measured;

    @Setup(Level.Trial)
    public void open() throws IOException {
        QuietLogging.apply();
        db = Database.open(Database.h2Url(TempPaths.dir("answers")), "sa", "", SESSIONS + 4);
        queue = new JdbcProxyQueue(db.dataSource(), id -> { });
        sessions = Executors.newFixedThreadPool(SESSIONS);
    }

    /** Every device's commands queued, a commit each as the API queues them; the messages that will answer them. */
    @Setup(Level.Iteration)
    public void queueCommands(IterationParams params) {
        measured = params.getType() == IterationType.MEASUREMENT;
        byte[] value = "1800".getBytes(StandardCharsets.UTF_8);
        byte[] read = "21.5".getBytes(StandardCharsets.UTF_8);
        messages = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            List<ProxyQueue.Answer> answers = new ArrayList<>();
            for (int k = 0; k < COMMANDS; k++) {
                boolean get = k % 2 == 0;
                long id = queue.enqueue("dev-" + d, get ? "Get" : "Replace", "./App/Value" + k, get ? null : value,
                        "chr", null, System.currentTimeMillis());
                answers.add(new ProxyQueue.Answer(id, 200, get ? read : null));
            }
            messages.add(answers);
        }
        Collections.shuffle(messages, new Random(iteration++));
    }

    @Benchmark
    public long answerEveryDevice() throws Exception {
        GroupCommit commits = queue.commits();
        long transactions = commits.transactions();
        long writes = commits.writes();
        storing.reset();
        List<Future<Integer>> done = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            int first = s;
            done.add(sessions.submit(() -> answer(first)));
        }
        long answered = 0;
        for (Future<Integer> f : done) {
            answered += f.get();
        }
        if (answered != (long) DEVICES * COMMANDS) {
            throw new IllegalStateException("answered " + answered + " of " + DEVICES * COMMANDS);
        }
        double cpuPerMessage = storing.sum() / 1e6 / DEVICES;
        double perCommit = (double) (commits.writes() - writes) / (commits.transactions() - transactions);
        if (measured) {
            record(String.format("%s CPU per message (10 answers) %.3f ms; messages per commit %.1f; file %,d MB",
                    Instant.now(), cpuPerMessage, perCommit, db.fileSize().orElseThrow() >> 20));
        }
        return answered;
    }

    /** Every SESSIONS-th message from {@code first}, as one session after another would answer; answers stored. */
    private int answer(int first) throws InterruptedException {
        int stored = 0;
        for (int m = first; m < messages.size(); m += SESSIONS) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            List<ProxyCommand> answered = queue.answerAll(messages.get(m), System.currentTimeMillis(), c -> { });
            storing.add(THREADS.getCurrentThreadCpuTime() - cpu);
            stored += answered.size();
            Thread.sleep(BETWEEN_MS);
        }
        return stored;
    }

    @TearDown(Level.Trial)
    public void close() {
        sessions.shutdownNow();
        db.close();
    }

    private static void record(String line) throws IOException {
        Files.writeString(Path.of("target", "proxy-answer-bench.txt"), line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
