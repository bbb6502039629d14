package io.omadm.gateway.fanout;

import io.omadm.gateway.persistence.GatheredWrites;
import io.omadm.gateway.persistence.Sql;
import io.omadm.gateway.persistence.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The devices' answers of the running fanout jobs, on their way to {@code fanout_answer}: gathered for a shared commit
 * ({@link GatheredWrites}), each device's first answer only. Only the gateway running a job writes its answers, so
 * which devices have answered, and the job's counts, are kept in memory ({@link JobTally}), and read from the
 * database for a job that was running when the gateway stopped.
 */
final class FanoutAnswers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FanoutAnswers.class.getName());

    private final DataSource db;
    private final GatheredWrites<Answer> gathered;
    /** Results written and the commits that wrote them, since the start (metrics: results per commit). */
    private final AtomicLong resultsWritten = new AtomicLong();
    private final AtomicLong resultCommits = new AtomicLong();
    /** The counts of the jobs this gateway started and is running, kept as their answers are committed. */
    private final Map<String, JobTally> tallies = new ConcurrentHashMap<>();

    FanoutAnswers(DataSource db, Duration gather, int batch) {
        this.db = db;
        this.gathered = new GatheredWrites<>("fanout-results", gather, batch, this::write);
    }

    /** A job started here: its devices have not answered. */
    void started(String id, int total) {
        tallies.put(id, new JobTally(total));
    }

    /** A job ended: the database has its final counts. */
    void ended(String id) {
        tallies.remove(id);
    }

    /** The counts of a job running here, from memory. */
    Optional<Map<Integer, Integer>> counts(String id) {
        JobTally tally = tallies.get(id);
        return tally == null ? Optional.empty() : Optional.of(tally.counts());
    }

    boolean record(String id, int seq, int status, String data, long now) {
        Answer a = new Answer(id, seq, status, data, now);
        gathered.add(a);
        gathered.flush();
        if (a.failure != null) {
            throw a.failure;
        }
        return a.applied;
    }

    void recordSoon(String id, int seq, int status, String data, long now) {
        gathered.add(new Answer(id, seq, status, data, now));
    }

    /** Runs {@code work} with the answers gathered so far written and no other written meanwhile. */
    <R> R exclusively(Supplier<R> work) {
        return gathered.exclusively(work);
    }

    long written() {
        return resultsWritten.get();
    }

    long commits() {
        return resultCommits.get();
    }

    @Override
    public void close() {
        gathered.close();
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
    static JobTally stored(Connection c, FanoutJob job) throws SQLException {
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
}
