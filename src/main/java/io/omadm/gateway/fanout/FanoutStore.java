package io.omadm.gateway.fanout;

import io.omadm.gateway.northbound.GenericAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Fanout jobs and their per-device results, kept so that a job survives a crash (DESIGN §3.5). The contract:
 * <ul>
 * <li>A job is created (described), started once (its devices fixed, in result order), and ended once: {@link #finish}
 * gives every unanswered device its status and queues the consolidated alert in the same transaction, so the alert is
 * queued exactly once however many callers end the job.</li>
 * <li>A device has at most one answer: a second answer for it, or an answer for a job that is not running, is ignored
 * (and says so). Answers that arrive before the job ends count, even if still being written when it ends.</li>
 * <li>{@link #recordSoon} answers may be lost when the gateway dies before they are written: their devices count as
 * unanswered and are commanded again when the job resumes ({@link #pending}). {@link #record} and {@link #failed}
 * are durable when they return.</li>
 * <li>A device's failed tries ({@link #failed}) are kept with the job, so a resumed job goes on counting them.</li>
 * <li>Only the gateway running a job writes its answers.</li>
 * </ul>
 */
public interface FanoutStore extends AutoCloseable {

    /** A new job being described; false when the id is taken. */
    boolean create(String id, FanoutSpec spec, long now);

    /** Changes what a job not yet started does; false when it has started (or does not exist). */
    boolean describe(String id, FanoutSpec spec);

    Optional<FanoutJob> find(String id);

    List<FanoutJob> list();

    List<FanoutJob> running();

    /**
     * Starts a created job on these devices (each a [devId, connKey] pair, in result order), in one transaction. False
     * when the job is not in the created state.
     */
    boolean start(String id, String correlator, String serverId, List<String[]> devices, long now);

    /** The devices of a running job that have not answered, in result order, with the tries of each that failed. */
    List<DeviceTask> pending(String id);

    /** A device's answer, stored before this returns; false when it had answered already or the job is not running. */
    boolean record(String id, int seq, int status, String data, long now);

    /** A device's answer, stored soon with the answers arriving around it (lost if the gateway dies first). */
    void recordSoon(String id, int seq, int status, String data, long now);

    /** A device's {@code failures}-th try failed and it will be tried again: durable when this returns. */
    void failed(String id, int seq, int failures);

    /** Answered devices by status, and the unanswered ones under null. */
    Map<Integer, Integer> counts(String id);

    /** Results {@code offset} to {@code offset + limit} of a job: each device with its answer, or none yet. */
    List<DeviceResult> results(String id, int offset, int limit);

    /**
     * The page {@code offset} to {@code offset + limit} of the results whose status is {@code status} (null: the
     * devices not answered yet), in target order. It reads the job's results in chunks from the first: a filtered page
     * costs a walk of the job, which a job's size (at most a site's devices) keeps short.
     */
    default List<DeviceResult> results(String id, Integer status, int offset, int limit) {
        final int chunk = 2_000;
        List<DeviceResult> out = new ArrayList<>();
        int skipped = 0;
        for (int from = 0; out.size() < limit; from += chunk) {
            List<DeviceResult> read = results(id, from, chunk);
            for (DeviceResult r : read) {
                if (Objects.equals(r.status(), status) && out.size() < limit && skipped++ >= offset) {
                    out.add(r);
                }
            }
            if (read.size() < chunk) {
                break;
            }
        }
        return out;
    }

    default Optional<DeviceResult> result(String id, int seq) {
        List<DeviceResult> r = results(id, seq, 1);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /**
     * Ends a running job, once: its status becomes {@code end}, devices that have not answered get
     * {@code unansweredStatus}, and the alert made from the final job and results is queued, in one transaction.
     * Returns the alert's id, or empty when the job was not running (already ended: nothing happens).
     */
    OptionalLong finish(String id, JobStatus end, int unansweredStatus, long now,
            BiFunction<FanoutJob, List<DeviceResult>, GenericAlert> alert);

    /** Removes a job that is not running, with its results. */
    boolean delete(String id);

    /** Results written since the start (metrics). */
    long resultsWritten();

    /** Commits that wrote them (metrics: results per commit). */
    long resultCommits();

    /** Writes what is still gathering and stops. */
    @Override
    void close();

    /** A map of counts ordered as they are shown: null (pending) first, then by status. */
    static Map<Integer, Integer> countsMap() {
        return new TreeMap<>((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : Integer.compare(a, b));
    }
}
