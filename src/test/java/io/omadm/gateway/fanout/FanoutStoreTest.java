package io.omadm.gateway.fanout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable side of fanout, on the H2 file the gateway uses: results once, completion and its alert once. */
class FanoutStoreTest {

    @TempDir
    Path dir;

    Database db;
    private FanoutStore store;

    private static final FanoutSpec SPEC = new FanoutSpec(new FanoutSpec.Targets(null, List.of("a", "b", "c"), null),
            List.of(new FanoutSpec.Cmd("1", "Get", "Temperature", null, null)), 60_000);

    @BeforeEach
    void open() {
        db = openDatabase();
        store = new JdbcFanoutStore(db.dataSource());
    }

    /** The H2 file the gateway uses by default; PostgreSQL in {@link PostgreSqlFanoutStoreTest}. */
    Database openDatabase() {
        return Database.open(Database.h2Url(dir), "sa", "", 2);
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    private static List<String[]> devices(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new String[] {id, "sim|" + id}).toList();
    }

    @Test
    void answersArrivingTogetherAreEachStoredOnceAndAFailedWriteReachesEveryWriter() throws Exception {
        int devices = 500;
        String[] ids = new String[devices];
        for (int i = 0; i < devices; i++) {
            ids[i] = "d" + i;
        }
        assertTrue(store.create("many", SPEC, 1));
        assertTrue(store.start("many", null, null, devices(ids), 1000));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicInteger applied = new AtomicInteger();
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < devices * 2; i++) { // every device answers twice: only the first answer counts
            int seq = i % devices;
            writes.add(pool.submit(() -> {
                if (store.record("many", seq, 200 + seq % 2, "v" + seq, 2000)) {
                    applied.incrementAndGet();
                }
            }));
        }
        for (Future<?> w : writes) {
            w.get(30, TimeUnit.SECONDS);
        }
        assertEquals(devices, applied.get());
        assertEquals(Map.of(200, devices / 2, 201, devices / 2), store.counts("many"));
        // the running job's counts kept in memory agree with what the database says (a store without them reads it)
        FanoutStore fresh = new JdbcFanoutStore(db.dataSource());
        assertEquals(fresh.counts("many"), store.counts("many"));
        assertEquals(fresh.find("many").orElseThrow().answered(), store.find("many").orElseThrow().answered());
        assertEquals(devices, store.find("many").orElseThrow().answered());
        assertEquals("v7", store.result("many", 7).orElseThrow().data());

        db.close(); // the database goes away: every writer hears of it, none waits forever
        List<Future<Boolean>> failing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int seq = i;
            failing.add(pool.submit(() -> store.record("many", seq, 200, null, 3000)));
        }
        for (Future<Boolean> f : failing) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof StoreException, e.getCause().toString());
        }
        pool.shutdown();
        db = openDatabase(); // for close()
    }

    @Test
    void answersLeftToBeWrittenSoonAreAllStoredWithNoneLeftBehind() throws Exception {
        int devices = 2000;
        String[] ids = new String[devices];
        for (int i = 0; i < devices; i++) {
            ids[i] = "d" + i;
        }
        assertTrue(store.create("soon", SPEC, 1));
        assertTrue(store.start("soon", null, null, devices(ids), 1000));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            int seq = i;
            writes.add(pool.submit(() -> store.recordSoon("soon", seq, 200, null, 2000)));
        }
        for (Future<?> w : writes) {
            w.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // none is left behind in memory: the last writer takes what arrived while it wrote
        await().atMost(Duration.ofSeconds(10)).until(() -> store.counts("soon").equals(Map.of(200, devices)));
        // a page across two rows of devices (1,000 to a row), a page cut by the end, and one past it
        List<DeviceResult> across = store.results("soon", 995, 10);
        assertEquals(java.util.stream.IntStream.range(995, 1005).boxed().toList(),
                across.stream().map(DeviceResult::seq).toList());
        assertEquals(java.util.stream.IntStream.range(995, 1005).mapToObj(i -> "d" + i).toList(),
                across.stream().map(DeviceResult::devId).toList());
        assertTrue(across.stream().allMatch(r -> Integer.valueOf(200).equals(r.status())));
        assertEquals(5, store.results("soon", 1995, 10).size());
        assertEquals(List.of(), store.results("soon", 2000, 10));

    }

    @Test
    void aLoneAnswerIsWrittenWithinTheGatheringTimeAndNoneIsLeftAtClose() throws Exception {
        assertTrue(store.create("lone", SPEC, 1));
        assertTrue(store.start("lone", null, null, devices("a", "b", "c"), 1000));
        store.recordSoon("lone", 0, 200, "21.5", 2000);
        try (FanoutStore reader = new JdbcFanoutStore(db.dataSource())) { // counts from the database, not the tally
            await().atMost(Duration.ofSeconds(5)).until(() -> Integer.valueOf(1).equals(reader.counts("lone")
                    .get(200)));
            store.recordSoon("lone", 1, 500, null, 2001);
            store.close();
            assertEquals(Map.of(200, 1, 500, 1), reader.results("lone", 0, 2).stream().collect(
                    java.util.stream.Collectors.toMap(DeviceResult::status, r -> 1)), "written by close at the latest");
        }
        store = new JdbcFanoutStore(db.dataSource()); // for close() after the test
    }

    @Test
    void aJobIsDescribedStartedAnsweredOnceAndEndedOnceWithItsAlert() {
        assertTrue(store.create("j", FanoutSpec.empty(), 1));
        assertFalse(store.create("j", SPEC, 1), "ids are unique");
        assertTrue(store.describe("j", SPEC));
        assertTrue(store.start("j", "corr-1", "dm", devices("a", "b", "c"), 1000));
        assertFalse(store.describe("j", FanoutSpec.empty()), "a started job's description is fixed");
        assertFalse(store.start("j", "corr-1", "dm", devices("a"), 1000), "started once");
        FanoutJob running = store.find("j").orElseThrow();
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(61_000L, running.deadline());
        assertEquals(List.of("Temperature"), running.spec().commands().stream().map(FanoutSpec.Cmd::path).toList());

        assertTrue(store.record("j", 0, 200, "21.5", 2000));
        assertFalse(store.record("j", 0, 500, "again", 2001), "a device answers once");
        assertEquals(List.of(1, 2), store.pending("j").stream().map(DeviceTask::seq).toList());

        Map<String, Integer> alerted = new HashMap<>();
        OptionalLong alert = store.finish("j", JobStatus.COMPLETED, 408, 3000, (job, results) -> {
            alerted.put(job.status().value() + " " + job.answered(), results.size());
            return FanoutAlert.of(job, results);
        });
        assertTrue(alert.isPresent());
        assertEquals(Map.of("completed 3", 3), alerted, "the alert sees the ended job and every result");
        assertEquals(List.of(200, 408, 408), store.results("j", 0, 10).stream().map(DeviceResult::status).toList(),
                "the unanswered ones timed out");
        assertFalse(store.record("j", 1, 200, "late", 4000), "a late answer does not overwrite the end");
        assertTrue(store.finish("j", JobStatus.COMPLETED, 408, 5000, FanoutAlert::of).isEmpty(), "ended once");
        assertEquals(1, new JdbcAlertQueue(db.dataSource()).size(), "one alert queued, in the same transaction");
        var queued = new JdbcAlertQueue(db.dataSource()).due(Instant.ofEpochMilli(Long.MAX_VALUE / 2), 10).get(0);
        assertEquals("corr-1", queued.alert().correlator());
        assertTrue(queued.alert().items().get(0).data().contains("\"408\":2"), queued.alert().toString());
        assertFalse(store.delete("nothing"));
        assertTrue(store.delete("j"));
        assertTrue(store.find("j").isEmpty());
    }

    @Test
    void aRunningJobCannotBeDeletedAndAJobWithoutDevicesEndsEmpty() {
        store.create("k", SPEC, 1);
        store.start("k", null, null, devices("a"), 10);
        assertFalse(store.delete("k"), "running");
        assertEquals(1, store.counts("k").get(null), "one pending");
        assertEquals(new JdbcFanoutStore(db.dataSource()).counts("k"), store.counts("k"), "kept counts = the database's");
        assertEquals(0, store.find("k").orElseThrow().answered());
        store.create("e", SPEC, 1);
        store.start("e", null, null, List.of(), 10);
        assertTrue(store.finish("e", JobStatus.COMPLETED, 408, 20, FanoutAlert::of).isPresent());
        assertNull(store.counts("e").get(null));
        assertEquals(0, store.find("e").orElseThrow().total());
    }
}
