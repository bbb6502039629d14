package io.omadm.gateway.fanout;

import io.omadm.gateway.northbound.AlertWriter;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link FanoutStore} in the {@code fanout_*} tables. Devices and answers are stored many to a row
 * ({@link Packed}); answers are written by {@link FanoutAnswers}, gathered for a shared commit.
 */
public final class JdbcFanoutStore implements FanoutStore {

    private static final Logger LOG = Logger.getLogger(JdbcFanoutStore.class.getName());

    /** How long an answer may wait in memory for others to share its commit. */
    static final Duration GATHER = Duration.ofMillis(10);
    /** Answers enough for a commit of their own at once. */
    static final int BATCH = 256;

    private final DataSource db;
    private final AlertWriter alerts;
    private final FanoutAnswers answers;

    /** @param alerts queues the FanoutComplete alert in the transaction that ends the job */
    public JdbcFanoutStore(DataSource db, AlertWriter alerts) {
        this.db = db;
        this.alerts = alerts;
        this.answers = new FanoutAnswers(db, GATHER, BATCH);
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
                answers.started(id, devices.size());
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
        return answers.record(id, seq, status, data, now);
    }

    @Override
    public void recordSoon(String id, int seq, int status, String data, long now) {
        answers.recordSoon(id, seq, status, data, now);
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
        return answers.written();
    }

    @Override
    public long resultCommits() {
        return answers.commits();
    }

    @Override
    public void close() {
        answers.close();
    }

    @Override
    public Map<Integer, Integer> counts(String id) {
        Optional<Map<Integer, Integer>> kept = answers.counts(id);
        return kept.isPresent() ? kept.get() : read("cannot read fanout results", c -> {
            Optional<FanoutJob> job = FanoutRows.job(c, id);
            return job.isEmpty() ? FanoutStore.countsMap() : FanoutAnswers.stored(c, job.get()).counts();
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
                    answers.ended(id);
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
                answers.ended(id); // from now on the database has the final counts
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

    private <T> T read(String what, Sql.Work<T> read) {
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
