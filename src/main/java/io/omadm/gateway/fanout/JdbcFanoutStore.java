package io.omadm.gateway.fanout;

import io.omadm.gateway.northbound.AlertWriter;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.GatheredWrites;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link FanoutStore} in the {@code fanout_*} tables. Devices and answers are stored many to a row
 * ({@link Packed}); answers are gathered for a shared commit ({@link GatheredWrites}). Only the gateway running a job
 * writes its answers, so which devices have answered is kept in memory ({@link JobTally}), and read from the database
 * for a job that was running when the gateway stopped.
 */
public final class JdbcFanoutStore implements FanoutStore {

    private static final Logger LOG = Logger.getLogger(JdbcFanoutStore.class.getName());

    /** How long an answer may wait in memory for others to share its commit. */
    static final Duration GATHER = Duration.ofMillis(10);
    /** Answers enough for a commit of their own at once. */
    static final int BATCH = 256;

    private final DataSource db;
    private final AlertWriter alerts;
    private final GatheredWrites<Answer> answers;
    /** Results written and the commits that wrote them, since the start (metrics: results per commit). */
    private final AtomicLong resultsWritten = new AtomicLong();
    private final AtomicLong resultCommits = new AtomicLong();
    /** The counts of the jobs this gateway started and is running, kept as their answers are committed. */
    private final Map<String, JobTally> tallies = new ConcurrentHashMap<>();

    /** @param alerts queues the FanoutComplete alert in the transaction that ends the job */
    public JdbcFanoutStore(DataSource db, AlertWriter alerts) {
        this.db = db;
        this.alerts = alerts;
        this.answers = new GatheredWrites<>("fanout-results", GATHER, BATCH, this::write);
    }

    /** A store whose alerts go to the alert queue in the same database. */
    public JdbcFanoutStore(DataSource db) {
        this(db, new JdbcAlertQueue(db));
    }

    @Override
    public boolean create(String id, FanoutSpec spec, long now) {
        if (find(id).isPresent()) {
            return false;
        }
        return update("INSERT INTO fanout_job (job_id, spec, status, timeout_ms, total, created) VALUES (?, ?, ?, ?,"
                + " 0, ?)", id, FanoutRows.json(spec), JobStatus.CREATED.value(), spec.timeoutMillis(), now) == 1;
    }

    @Override
    public boolean describe(String id, FanoutSpec spec) {
        return update("UPDATE fanout_job SET spec = ?, timeout_ms = ? WHERE job_id = ? AND status = ?",
                FanoutRows.json(spec), spec.timeoutMillis(), id, JobStatus.CREATED.value()) == 1;
    }

    @Override
    public Optional<FanoutJob> find(String id) {
        return read("cannot read fanout job " + id, c -> FanoutRows.job(c, id));
    }

    @Override
    public List<FanoutJob> list() {
        return read("cannot read fanout jobs", c -> FanoutRows.jobs(c, "ORDER BY j.created, j.job_id"));
    }

    @Override
    public List<FanoutJob> running() {
        return read("cannot read fanout jobs", c -> FanoutRows.jobs(c, "WHERE j.status = ?",
                JobStatus.RUNNING.value()));
    }

    @Override
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

    @Override
    public List<DeviceTask> pending(String id) {
        return read("cannot read fanout job " + id, c -> {
            List<String[]> targets = FanoutRows.targets(c, id, 0, Integer.MAX_VALUE);
            BitSet answered = new BitSet(targets.size());
            FanoutRows.answers(c, id, 0, Integer.MAX_VALUE, a -> answered.set(a.seq()));
            Map<Integer, Integer> failures = FanoutRows.failures(c, id, 0, Integer.MAX_VALUE);
            List<DeviceTask> tasks = new ArrayList<>();
            for (int seq = answered.nextClearBit(0); seq < targets.size(); seq = answered.nextClearBit(seq + 1)) {
                tasks.add(new DeviceTask(id, seq, targets.get(seq)[0], targets.get(seq)[1],
                        failures.getOrDefault(seq, 0)));
            }
            return tasks;
        });
    }

    @Override
    public boolean record(String id, int seq, int status, String data, long now) {
        Answer a = new Answer(id, seq, status, data, now);
        answers.add(a);
        answers.flush();
        if (a.failure != null) {
            throw a.failure;
        }
        return a.applied;
    }

    @Override
    public void recordSoon(String id, int seq, int status, String data, long now) {
        answers.add(new Answer(id, seq, status, data, now));
    }

    @Override
    public void failed(String id, int seq, int failures) {
        try (Connection c = db.getConnection()) {
            FanoutRows.failed(c, id, seq, failures);
        } catch (SQLException e) {
            throw new StoreException("cannot store a failed try of fanout job " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long resultsWritten() {
        return resultsWritten.get();
    }

    @Override
    public long resultCommits() {
        return resultCommits.get();
    }

    @Override
    public void close() {
        answers.close();
    }

    /**
     * Writes a batch of answers in one transaction (the {@link GatheredWrites} batch). An answer from a device that
     * has answered already, or for a job that is not running, is not written; a failed write is logged and its
     * devices count as unanswered.
     */
    private void write(List<Answer> batch) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                insertClaimed(c, batch);
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

    /** Inserts the answers whose devices had none yet, claiming each in its job's tally. */
    private void insertClaimed(Connection c, List<Answer> batch) throws SQLException {
        Map<String, List<Packed.Answer>> byJob = new LinkedHashMap<>();
        Map<String, Optional<JobTally>> looked = new HashMap<>(); // one look per job, running or not
        for (Answer a : batch) {
            Optional<JobTally> found = looked.get(a.id);
            if (found == null) {
                found = Optional.ofNullable(tally(c, a.id));
                looked.put(a.id, found);
            }
            JobTally tally = found.orElse(null);
            if (tally != null && tally.claim(a.seq)) {
                a.applied = true;
                byJob.computeIfAbsent(a.id, k -> new ArrayList<>()).add(new Packed.Answer(a.seq, a.status, a.now,
                        a.data));
            }
        }
        for (Map.Entry<String, List<Packed.Answer>> job : byJob.entrySet()) {
            FanoutRows.insertAnswers(c, job.getKey(), job.getValue());
            try (PreparedStatement count = c.prepareStatement("UPDATE fanout_job SET answered = answered + ?"
                    + " WHERE job_id = ?")) {
                Sql.bind(count, job.getValue().size(), job.getKey());
                count.executeUpdate();
            }
        }
    }

    /**
     * Which devices of a running job have answered: kept from the job's start, or read from the database for a job
     * this store did not start (it was running when the gateway stopped). Null when the job is not running. Called by
     * the one writer.
     */
    private JobTally tally(Connection c, String id) throws SQLException {
        JobTally kept = tallies.get(id);
        if (kept != null) {
            return kept;
        }
        Optional<FanoutJob> job = FanoutRows.job(c, id);
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
        FanoutRows.answers(c, job.id(), 0, Integer.MAX_VALUE, a -> {
            if (read.claim(a.seq())) {
                read.answered(a.status());
            }
        });
        return read;
    }

    /** An answer on its way to the database; its outcome is set by the writer. */
    private static final class Answer {
        final String id;
        final int seq;
        final int status;
        final byte[] data;
        final long now;
        boolean applied;
        StoreException failure;

        Answer(String id, int seq, int status, String data, long now) {
            this.id = id;
            this.seq = seq;
            this.status = status;
            this.data = data == null ? null : data.getBytes(StandardCharsets.UTF_8);
            this.now = now;
        }
    }

    @Override
    public Map<Integer, Integer> counts(String id) {
        JobTally tally = tallies.get(id);
        if (tally != null) {
            return tally.counts();
        }
        return read("cannot read fanout results", c -> {
            Optional<FanoutJob> job = FanoutRows.job(c, id);
            return job.isEmpty() ? FanoutStore.countsMap() : stored(c, job.get()).counts();
        });
    }

    @Override
    public List<DeviceResult> results(String id, int offset, int limit) {
        return read("cannot read fanout results", c -> results(c, id, offset, limit));
    }

    private static List<DeviceResult> results(Connection c, String id, int offset, int limit) throws SQLException {
        int from = Math.max(0, offset);
        int to = (int) Math.min(Integer.MAX_VALUE, (long) from + Math.max(0, limit));
        List<String[]> targets = FanoutRows.targets(c, id, from, to);
        if (targets.isEmpty()) {
            return List.of();
        }
        Packed.Answer[] answers = new Packed.Answer[targets.size()];
        FanoutRows.answers(c, id, from, from + answers.length, a -> {
            if (answers[a.seq() - from] == null) {
                answers[a.seq() - from] = a;
            }
        });
        Map<Integer, Integer> failures = FanoutRows.failures(c, id, from, from + answers.length);
        List<DeviceResult> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Packed.Answer a = answers[i];
            int failed = failures.getOrDefault(from + i, 0);
            out.add(new DeviceResult(from + i, targets.get(i)[0], a == null ? null : a.status(),
                    a == null ? null : a.text(), a != null && tried(a) ? failed + 1 : failed));
        }
        return out;
    }

    /**
     * Whether an answer came from a try of the device, not from the job's end: a device's failure always says what
     * failed (FanoutJobs), so an answer with a failure status and no data is one the end gave an unanswered device.
     */
    private static boolean tried(Packed.Answer a) {
        return a.data() != null || a.status() < 300;
    }

    @Override
    public OptionalLong finish(String id, JobStatus end, int unansweredStatus, long now,
            BiFunction<FanoutJob, List<DeviceResult>, GenericAlert> alert) {
        // answers that arrived in time count, however far their write had got; none is written meanwhile: one
        // written between the end's reading of the answers and its commit would give a device two
        return answers.exclusively(() -> end(id, end, unansweredStatus, now, alert));
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
                        r = new DeviceResult(r.seq(), r.devId(), unansweredStatus, null, r.attempts());
                    }
                    results.add(r);
                }
                if (!unanswered.isEmpty()) {
                    FanoutRows.insertAnswers(c, id, unanswered);
                }
                FanoutJob ended = FanoutRows.job(c, id).orElseThrow();
                long alertId = alerts.insert(c, alert.apply(ended, results));
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

    @Override
    public boolean delete(String id) {
        return update("DELETE FROM fanout_job WHERE job_id = ? AND status <> ?", id, JobStatus.RUNNING.value()) == 1;
    }

    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(String what, Read<T> read) {
        try (Connection c = db.getConnection()) {
            return read.run(c);
        } catch (SQLException e) {
            throw new StoreException(what + ": " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write fanout job: " + e.getMessage(), e);
        }
    }
}
