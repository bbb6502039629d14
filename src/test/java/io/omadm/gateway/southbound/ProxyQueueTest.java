package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command queue's answers and the ProxyResult alerts they owe, on a real H2 file (on PostgreSQL:
 * {@link PostgreSqlProxyQueueTest}).
 */
class ProxyQueueTest {

    @TempDir
    Path dir;

    private Database db;
    private ProxyQueue queue;
    private final List<Long> notified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = database();
        queue = new JdbcProxyQueue(db.dataSource(), notified::add);
    }

    /** The store under test: a new H2 file. */
    Database database() {
        return Database.open(Database.h2Url(dir), "sa", "", 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JdbcAlertQueue alerts() {
        return new JdbcAlertQueue(db.dataSource());
    }

    @Test
    void anAnswerOwedToTheServerIsStoredIfAndOnlyIfItsProxyResultIsQueued() {
        long owed = queue.enqueue("dev-1", "Get", "./DevInfo/Mod", null, null, "corr-7", 1);
        long waited = queue.enqueue("dev-1", "Get", "./DevInfo/Man", null, null, null, 1);
        assertTrue(queue.reportLater(owed, "./GwMO/DevInventory/dev-1/Tree/DevInfo/Mod"));

        // the transaction fails after the answers: neither the answers nor the alert stay
        assertThrows(StoreException.class, () -> queue.answerAll(List.of(new ProxyQueue.Answer(owed, 200,
                "Sim".getBytes(StandardCharsets.UTF_8)), new ProxyQueue.Answer(waited, 200, null)), 2, c -> {
                    throw new SQLException("disk full");
                }));
        assertEquals(2, queue.pending("dev-1").size(), "both still unanswered");
        assertEquals(0, alerts().size());
        assertEquals(List.of(), notified);

        List<ProxyCommand> answered = queue.answerAll(List.of(new ProxyQueue.Answer(owed, 200,
                "Sim".getBytes(StandardCharsets.UTF_8)), new ProxyQueue.Answer(waited, 200, null)), 3, c -> { });
        assertEquals(List.of(owed, waited), answered.stream().map(ProxyCommand::id).toList());
        assertEquals(1, alerts().size(), "one ProxyResult, for the command the server was answered 202 for");
        var alert = alerts().due(Instant.ofEpochMilli(Long.MAX_VALUE / 2), 10).get(0);
        assertEquals(List.of(alert.id()), notified, "told once committed");
        assertEquals("corr-7", alert.alert().correlator());
        assertTrue(alert.alert().items().get(0).data().contains("\"status\":200"), alert.alert().toString());

        assertTrue(queue.answer(owed, 500, null, 4).isEmpty(), "answered once");
        assertEquals(1, alerts().size(), "and alerted once");
    }

    @Test
    void anExpiredCommandEndsWithItsStatusAndItsAlertInOneStep() {
        long owed = queue.enqueue("dev-2", "Replace", "./App/V", "1".getBytes(StandardCharsets.UTF_8), "chr", null, 1);
        assertTrue(queue.reportLater(owed, "./GwMO/DevInventory/dev-2/Tree/App/V"));
        ProxyRelay relay = new ProxyRelay(queue, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofDays(30),
                Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
        assertEquals(1, relay.expire());
        assertEquals(408, queue.find(owed).orElseThrow().status());
        assertEquals(1, alerts().size());
        assertEquals(0, relay.expire(), "ended once");
        assertEquals(1, alerts().size());
    }

    @Test
    void answeredCommandsOlderThanTheRetentionAreDeletedAndNothingElse() {
        long day = Duration.ofDays(1).toMillis();
        long oldAnswered = queue.enqueue("dev-3", "Get", "./A", null, null, null, 1);
        long oldUnanswered = queue.enqueue("dev-3", "Get", "./B", null, null, null, 2);
        long recentAnswered = queue.enqueue("dev-3", "Get", "./C", null, null, null, 40 * day);
        queue.answer(oldAnswered, 200, null, 3);
        queue.answer(recentAnswered, 200, null, 40 * day + 1);
        ProxyRelay relay = new ProxyRelay(queue, Duration.ofSeconds(1), Duration.ofDays(365), Duration.ofDays(30),
                Clock.fixed(Instant.ofEpochMilli(41 * day), ZoneOffset.UTC));
        assertEquals(1, relay.purge());
        assertTrue(queue.find(oldAnswered).isEmpty(), "answered 41 days ago: gone");
        assertTrue(queue.find(oldUnanswered).isPresent(), "still waiting for its device (expiry ends it first)");
        assertTrue(queue.find(recentAnswered).isPresent(), "answered a day ago");
        assertEquals(0, relay.purge());
    }

    @Test
    void aLargeBacklogIsDeletedInBoundedSteps() {
        List<ProxyQueue.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            answers.add(new ProxyQueue.Answer(queue.enqueue("dev-4", "Get", "./X" + i, null, null, null, 1), 200,
                    null));
        }
        assertEquals(2500, queue.answerAll(answers, 2, c -> { }).size());
        assertEquals(1000, queue.purgeAnsweredBefore(10, 1000), "one step deletes at most its limit");
        ProxyRelay relay = new ProxyRelay(queue, Duration.ofSeconds(1), Duration.ofDays(365), Duration.ofMillis(5),
                Clock.fixed(Instant.ofEpochMilli(100), ZoneOffset.UTC));
        assertEquals(1500, relay.purge(), "the relay goes on until nothing is left");
        assertEquals(List.of(), queue.of("dev-4", 10));
    }

    @Test
    void aServerToldToWaitAlwaysGetsTheAnswerWhenItRacesTheDevice() throws Exception {
        // the server's wait ends (reportLater) just as the device's answer is being stored: either the answer was
        // first (reportLater says so, the server gets the answer at once) or its ProxyResult alert is queued
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            int told = 0;
            for (int i = 0; i < 200; i++) {
                long id = queue.enqueue("dev-5", "Get", "./R" + i, null, null, null, 1);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> later = two.submit(() -> {
                    together.await();
                    return queue.reportLater(id, "./GwMO/DevInventory/dev-5/Tree/R");
                });
                Future<List<ProxyCommand>> answered = two.submit(() -> {
                    together.await();
                    return queue.answerAll(List.of(new ProxyQueue.Answer(id, 200, null)), 2, c -> { });
                });
                assertEquals(1, answered.get().size(), "the device's answer is stored");
                told += later.get() ? 1 : 0;
                assertEquals(told, alerts().size(), "command " + i + ": a ProxyResult for each server told to wait");
            }
        } finally {
            two.shutdownNow();
        }
    }
}
