package io.omadm.gateway.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Fanout jobs and their per-device results in the database (DESIGN §3.5), so that a job survives a crash: the target
 * devices are fixed when the job starts, a result is written as it arrives and only for a device that has not
 * answered, and completion (status, the devices left unanswered, the consolidated alert) is one transaction that
 * happens once. Devices and answers are stored many to a row ({@link Packed}). Only the gateway running a job writes
 * its answers, so which devices have answered is kept in memory ({@link JobTally}), and read from the database for
 * a job that was running when the gateway stopped.
 */
public final class FanoutStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FanoutStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB_COLUMNS = "j.job_id, j.spec, j.status, j.correlator, j.server_id, j.total,"
            + " j.answered, j.created, j.started, j.deadline, j.finished";

    /** How long an answer may wait in memory for others to share its commit. */
    static final Duration GATHER = Duration.ofMillis(10);
    /** Answers enough for a commit of their own at once. */
    static final int BATCH = 256;

    private final DataSource db;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** About how many answers are in {@link #answers} (the queue's own size() walks it). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Results written and the commits that wrote them, since the start (metrics: results per commit). */
    private final AtomicLong resultsWritten = new AtomicLong();
    private final AtomicLong resultCommits = new AtomicLong();
    private final ReentrantLock writing = new ReentrantLock();
    private final ScheduledExecutorService gatherer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fanout-results");
        t.setDaemon(true);
        return t;
    });
    /** The counts of the jobs this gateway started and is running, kept as their answers are committed. */
    private final Map<String, JobTally> tallies = new ConcurrentHashMap<>();

    public FanoutStore(DataSource db) {
        this.db = db;
        gatherer.scheduleWithFixedDelay(this::writeGathered, GATHER.toMillis(), GATHER.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A new job being described; false when the id is taken. */
    public boolean create(String id, FanoutSpec spec, long now) {
        if (find(id).isPresent()) {
            return false;
        }
        return update("INSERT INTO fanout_job (job_id, spec, status, timeout_ms, total, created) VALUES (?, ?, ?, ?,"
                + " 0, ?)", id, json(spec), JobStatus.CREATED.value(), spec.timeoutMillis(), now) == 1;
    }

    /** Changes what a job not yet started does; false when it has started (or does not exist). */
    public boolean describe(String id, FanoutSpec spec) {
        return update("UPDATE fanout_job SET spec = ?, timeout_ms = ? WHERE job_id = ? AND status = ?", json(spec),
                spec.timeoutMillis(), id, JobStatus.CREATED.value()) == 1;
    }

    public Optional<FanoutJob> find(String id) {
        try (Connection c = db.getConnection()) {
            return job(c, id);
        } catch (SQLException e) {
            throw new StoreException("cannot read fanout job " + id + ": " + e.getMessage(), e);
        }
    }

    public List<FanoutJob> list() {
        return jobs("SELECT " + JOB_COLUMNS + " FROM fanout_job j ORDER BY j.created, j.job_id");
    }

    public List<FanoutJob> running() {
        return jobs("SELECT " + JOB_COLUMNS + " FROM fanout_job j WHERE j.status = ?", JobStatus.RUNNING.value());
    }

    /**
     * Starts a created job on these devices (each a [devId, connKey] pair, in result order): one transaction. False
     * when the job is not in the created state.
     */
    public boolean start(String id, String correlator, String serverId, List<String[]> devices, long now) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement job = c.prepareStatement("UPDATE fanout_job SET status = ?, correlator = ?,"
                    + " server_id = ?, total = ?, answered = 0, started = ?, deadline = ? + timeout_ms"
                    + " WHERE job_id = ? AND status = ?");
                    PreparedStatement row = c.prepareStatement("INSERT INTO fanout_target (job_id, chunk, devices)"
                            + " VALUES (?, ?, ?)")) {
                Sql.bind(job, JobStatus.RUNNING.value(), correlator, serverId, devices.size(), now, now, id,
                        JobStatus.CREATED.value());
                if (job.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
                List<byte[]> chunks = Packed.targets(devices);
                for (int i = 0; i < chunks.size(); i++) {
                    Sql.bind(row, id, i, chunks.get(i));
                    row.addBatch();
                }
                row.executeBatch();
                c.commit();
                tallies.put(id, new JobTally(devices.size()));
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot start fanout job " + id + ": " + e.getMessage(), e);
        }
    }

    /** The devices of a running job that have not answered, in result order. */
    public List<DeviceTask> pending(String id) {
        try (Connection c = db.getConnection()) {
            List<String[]> targets = targets(c, id);
            BitSet answered = new BitSet(targets.size());
            answers(c, id, 0, Integer.MAX_VALUE, a -> answered.set(a.seq()));
            List<DeviceTask> tasks = new ArrayList<>();
            for (int seq = answered.nextClearBit(0); seq < targets.size(); seq = answered.nextClearBit(seq + 1)) {
                tasks.add(new DeviceTask(id, seq, targets.get(seq)[0], targets.get(seq)[1]));
            }
            return tasks;
        } catch (SQLException e) {
            throw new StoreException("cannot read fanout job " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * A device's answer, stored before this returns; false when it had already answered or the job is not running
     * (it is then ignored: ending a job gives every unanswered device its status, which stays).
     */
    public boolean record(String id, int seq, int status, String data, long now) {
        Answer a = queue(id, seq, status, data, now);
        writeQueuedAnswers();
        if (a.failure != null) {
            throw a.failure;
        }
        return a.applied;
    }

    /**
     * A device's answer, stored with the answers arriving around it, in one transaction, within {@link #GATHER} (or
     * at once by this thread when {@link #BATCH} are waiting). One commit per answer or two capped a fanout at a few
     * thousand devices a second: H2 rewrites every page a commit touched. An answer not yet written when the gateway
     * dies is lost like one still on its way from the device: the device is commanded again when the job resumes.
     * Answers queued when the job ends are stored before it ends; a failed write is logged, and its devices count as
     * unanswered.
     */
    public void recordSoon(String id, int seq, int status, String data, long now) {
        queue(id, seq, status, data, now);
        if (waiting.get() >= BATCH && writing.tryLock()) {
            try {
                writeWaitingAnswers();
            } finally {
                writing.unlock();
            }
        }
    }

    public long resultsWritten() {
        return resultsWritten.get();
    }

    public long resultCommits() {
        return resultCommits.get();
    }

    /**
     * Stops writing in the background and writes the answers waiting now, after a background write under way (not
     * interrupted: an interrupt inside H2's file I/O can close its file channel).
     */
    @Override
    public void close() {
        gatherer.shutdown();
        writeQueuedAnswers();
    }

    /** The background write every {@link #GATHER}: a failure is logged and the next one tries again. */
    private void writeGathered() {
        try {
            writeQueuedAnswers();
        } catch (RuntimeException e) {
            LOG.warning("fanout results not written: " + e);
        }
    }

    private Answer queue(String id, int seq, int status, String data, long now) {
        Answer a = new Answer(id, seq, status, data == null ? null : data.getBytes(StandardCharsets.UTF_8), now);
        answers.add(a);
        waiting.incrementAndGet();
        return a;
    }

    /** Writes every queued answer, waiting for a write under way to end first. */
    private void writeQueuedAnswers() {
        writing.lock();
        try {
            writeWaitingAnswers();
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes every answer waiting, in one transaction; called holding {@link #writing}. An answer from a device that
     * has answered already, or for a job that is not running, is not written.
     */
    private void writeWaitingAnswers() {
        List<Answer> batch = new ArrayList<>();
        for (Answer a = answers.poll(); a != null; a = answers.poll()) {
            batch.add(a);
        }
        if (batch.isEmpty()) {
            return;
        }
        waiting.addAndGet(-batch.size());
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Map<String, List<Packed.Answer>> byJob = new LinkedHashMap<>();
            Map<String, Optional<JobTally>> looked = new HashMap<>(); // one look per job, running or not
            try {
                for (Answer a : batch) {
                    Optional<JobTally> found = looked.get(a.id);
                    if (found == null) {
                        found = Optional.ofNullable(tally(c, a.id));
                        looked.put(a.id, found);
                    }
                    JobTally tally = found.orElse(null);
                    if (tally != null && tally.claim(a.seq)) {
                        a.applied = true;
                        byJob.computeIfAbsent(a.id, k -> new ArrayList<>()).add(new Packed.Answer(a.seq, a.status,
                                a.now, a.data));
                    }
                }
                for (Map.Entry<String, List<Packed.Answer>> job : byJob.entrySet()) {
                    insertAnswers(c, job.getKey(), job.getValue(), true);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                for (Answer a : batch) {
                    JobTally tally = a.applied ? tallies.get(a.id) : null;
                    if (tally != null) {
                        tally.unclaim(a.seq);
                    }
                    a.applied = false;
                }
                throw e;
            }
            resultCommits.incrementAndGet();
            resultsWritten.addAndGet(batch.size());
            for (Answer a : batch) {
                JobTally tally = a.applied ? tallies.get(a.id) : null;
                if (tally != null) {
                    tally.answered(a.status);
                }
            }
        } catch (SQLException | RuntimeException e) {
            StoreException failure = new StoreException("cannot store fanout results: " + e.getMessage(), e);
            LOG.warning(batch.size() + " fanout results not stored (" + batch.get(0).id + " #" + batch.get(0).seq
                    + " ...): " + e.getMessage());
            batch.forEach(a -> a.failure = failure);
        }
    }

    /**
     * Which devices of a running job have answered: kept from the job's start, or read from the database for a job
     * this store did not start (it was running when the gateway stopped). Null when the job is not running. Called
     * holding {@link #writing}.
     */
    private JobTally tally(Connection c, String id) throws SQLException {
        JobTally kept = tallies.get(id);
        if (kept != null) {
            return kept;
        }
        Optional<FanoutJob> job = job(c, id);
        if (job.isEmpty() || job.get().status() != JobStatus.RUNNING) {
            return null;
        }
        JobTally read = stored(c, job.get());
        tallies.put(id, read);
        return read;
    }

    /** A job's counts and answered devices as the database has them. */
    private static JobTally stored(Connection c, FanoutJob job) throws SQLException {
        JobTally read = new JobTally(job.total());
        answers(c, job.id(), 0, Integer.MAX_VALUE, a -> {
            if (read.claim(a.seq())) {
                read.answered(a.status());
            }
        });
        return read;
    }

    /** Stores answers of a job, adding them to its count of answered devices when {@code count}. */
    private static void insertAnswers(Connection c, String id, List<Packed.Answer> answers, boolean count)
            throws SQLException {
        if (answers.isEmpty()) {
            return;
        }
        long batch;
        try (PreparedStatement last = c.prepareStatement("SELECT MAX(batch) FROM fanout_answer WHERE job_id = ?")) {
            last.setString(1, id);
            try (ResultSet rs = last.executeQuery()) {
                rs.next();
                batch = rs.getLong(1) + 1; // NULL (no row yet) reads as 0: the first is 1
            }
        }
        try (PreparedStatement row = c.prepareStatement("INSERT INTO fanout_answer (job_id, batch, answers)"
                + " VALUES (?, ?, ?)")) {
            for (byte[] packed : Packed.answers(answers)) {
                Sql.bind(row, id, batch++, packed);
                row.addBatch();
            }
            row.executeBatch();
        }
        if (count) {
            try (PreparedStatement job = c.prepareStatement("UPDATE fanout_job SET answered = answered + ?"
                    + " WHERE job_id = ?")) {
                Sql.bind(job, answers.size(), id);
                job.executeUpdate();
            }
        }
    }

    /** An answer on its way to the database; its outcome is set under {@link #writing}. */
    private static final class Answer {
        final String id;
        final int seq;
        final int status;
        final byte[] data;
        final long now;
        boolean applied;
        StoreException failure;

        Answer(String id, int seq, int status, byte[] data, long now) {
            this.id = id;
            this.seq = seq;
            this.status = status;
            this.data = data;
            this.now = now;
        }
    }

    /** Answered devices by status, and the unanswered ones under null. */
    public Map<Integer, Integer> counts(String id) {
        JobTally tally = tallies.get(id);
        if (tally != null) {
            return tally.counts();
        }
        try (Connection c = db.getConnection()) {
            Optional<FanoutJob> job = job(c, id);
            return job.isEmpty() ? countsMap() : stored(c, job.get()).counts();
        } catch (SQLException e) {
            throw new StoreException("cannot read fanout results: " + e.getMessage(), e);
        }
    }

    /** A map of counts ordered as they are shown: null (pending) first, then by status. */
    static Map<Integer, Integer> countsMap() {
        return new TreeMap<>((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : Integer.compare(a, b));
    }

    public List<DeviceResult> results(String id, int offset, int limit) {
        try (Connection c = db.getConnection()) {
            return results(c, id, offset, limit);
        } catch (SQLException e) {
            throw new StoreException("cannot read fanout results: " + e.getMessage(), e);
        }
    }

    public Optional<DeviceResult> result(String id, int seq) {
        List<DeviceResult> r = results(id, seq, 1);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Results {@code offset} to {@code offset + limit} of a job: each device with its answer, or none yet. */
    private static List<DeviceResult> results(Connection c, String id, int offset, int limit) throws SQLException {
        int from = Math.max(0, offset);
        int to = (int) Math.min(Integer.MAX_VALUE, (long) from + Math.max(0, limit));
        List<String[]> targets = targets(c, id, from, to);
        if (targets.isEmpty()) {
            return List.of();
        }
        Packed.Answer[] answers = new Packed.Answer[targets.size()];
        answers(c, id, from, from + answers.length, a -> {
            if (answers[a.seq() - from] == null) {
                answers[a.seq() - from] = a;
            }
        });
        List<DeviceResult> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Packed.Answer a = answers[i];
            out.add(new DeviceResult(from + i, targets.get(i)[0], a == null ? null : a.status(),
                    a == null ? null : a.text()));
        }
        return out;
    }

    /**
     * Ends a running job, once: its status becomes {@code end}, devices that have not answered get
     * {@code unansweredStatus}, and the alert made from the final job and results is queued, in one transaction.
     * Returns the alert's id, or empty when the job was not running (already ended: nothing happens). No answer is
     * written meanwhile: one written between the end's reading of the answers and its commit would give a device two.
     */
    public OptionalLong finish(String id, JobStatus end, int unansweredStatus, long now,
            BiFunction<FanoutJob, List<DeviceResult>, GenericAlert> alert) {
        writing.lock();
        try {
            writeWaitingAnswers(); // answers that arrived in time count, however far their write had got
            return end(id, end, unansweredStatus, now, alert);
        } finally {
            writing.unlock();
        }
    }

    private OptionalLong end(String id, JobStatus end, int unansweredStatus, long now,
            BiFunction<FanoutJob, List<DeviceResult>, GenericAlert> alert) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement job = c.prepareStatement("UPDATE fanout_job SET status = ?, finished = ?,"
                    + " answered = total WHERE job_id = ? AND status = ?")) {
                Sql.bind(job, end.value(), now, id, JobStatus.RUNNING.value());
                if (job.executeUpdate() != 1) {
                    c.rollback();
                    tallies.remove(id);
                    return OptionalLong.empty();
                }
                List<DeviceResult> results = new ArrayList<>();
                List<Packed.Answer> unanswered = new ArrayList<>();
                for (DeviceResult r : results(c, id, 0, Integer.MAX_VALUE)) {
                    if (r.status() == null) {
                        unanswered.add(new Packed.Answer(r.seq(), unansweredStatus, now, null));
                        r = new DeviceResult(r.seq(), r.devId(), unansweredStatus, null);
                    }
                    results.add(r);
                }
                insertAnswers(c, id, unanswered, false);
                FanoutJob ended = job(c, id).orElseThrow();
                long alertId = JdbcAlertQueue.insert(c, alert.apply(ended, results));
                c.commit();
                tallies.remove(id); // from now on the database has the final counts
                return OptionalLong.of(alertId);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot end fanout job " + id + ": " + e.getMessage(), e);
        }
    }

    /** A job's devices as [devId, connKey], in result order. */
    private static List<String[]> targets(Connection c, String id) throws SQLException {
        return targets(c, id, 0, Integer.MAX_VALUE);
    }

    /** Devices {@code from} to {@code to - 1} of a job; rows wholly outside are not decoded. */
    private static List<String[]> targets(Connection c, String id, int from, int to) throws SQLException {
        List<String[]> targets = new ArrayList<>();
        int[] first = {0}; // the seq of the row's first device
        rows(c, "SELECT devices FROM fanout_target WHERE job_id = ? ORDER BY chunk", id, row -> {
            int start = first[0];
            int n = Packed.count(row);
            first[0] += n;
            if (start + n <= from || start >= to) {
                return;
            }
            List<String[]> devices = new ArrayList<>(n);
            Packed.readTargets(row, devices);
            targets.addAll(devices.subList(Math.max(0, from - start), Math.min(n, to - start)));
        });
        return targets;
    }

    /** The stored answers of a job's devices {@code from} to {@code to - 1}, in the order written. */
    private static void answers(Connection c, String id, int from, int to, Consumer<Packed.Answer> each)
            throws SQLException {
        rows(c, "SELECT answers FROM fanout_answer WHERE job_id = ? ORDER BY batch", id,
                row -> Packed.readAnswers(row, from, to, each));
    }

    /** The packed rows of a job, in order. */
    private static void rows(Connection c, String sql, String id, Consumer<byte[]> each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getBytes(1));
                }
            }
        }
    }

    /** Removes a job that is not running, with its results. */
    public boolean delete(String id) {
        return update("DELETE FROM fanout_job WHERE job_id = ? AND status <> ?", id, JobStatus.RUNNING.value()) == 1;
    }

    // ---- plumbing ----

    private List<FanoutJob> jobs(String sql, Object... args) {
        try (Connection c = db.getConnection()) {
            return jobs(c, sql, args);
        } catch (SQLException e) {
            throw new StoreException("cannot read fanout jobs: " + e.getMessage(), e);
        }
    }

    private static List<FanoutJob> jobs(Connection c, String sql, Object... args) throws SQLException {
        List<FanoutJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FanoutJob(rs.getString(1), spec(rs.getBytes(2)),
                            JobStatus.parse(rs.getString(3)).orElseThrow(), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), rs.getLong(8), nullable(rs, 9), nullable(rs, 10),
                            nullable(rs, 11)));
                }
            }
        }
        return out;
    }

    private static Optional<FanoutJob> job(Connection c, String id) throws SQLException {
        List<FanoutJob> jobs = jobs(c, "SELECT " + JOB_COLUMNS + " FROM fanout_job j WHERE j.job_id = ?", id);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    private static Long nullable(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write fanout job: " + e.getMessage(), e);
        }
    }

    private static byte[] json(FanoutSpec spec) {
        try {
            return JSON.writeValueAsBytes(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fanout spec not writable as JSON", e);
        }
    }

    private static FanoutSpec spec(byte[] json) {
        try {
            return JSON.readValue(json, FanoutSpec.class);
        } catch (IOException e) {
            throw new StoreException("a stored fanout spec is not readable: " + e.getMessage(), e);
        }
    }
}
