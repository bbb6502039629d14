package io.omadm.gateway.fanout;

import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.inventory.DeviceFilter;
import io.omadm.gateway.inventory.DeviceGroup;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Presence;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.southbound.ProxyRelay;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * Fanout jobs (GwMO-FORA-001/002, B.7): one DM request to many devices, one consolidated response. A job is described
 * (targets, commands), started (the targets become a fixed list of devices, stored), run by the fanout routes (a
 * parallel Camel splitter over the devices, an aggregator that completes when all have answered or the time is up),
 * and ended once, with a FanoutComplete alert. Each device's result is stored as it arrives; a device never holds up
 * the others (each connection has a bounded number of commands in flight, each command the adapter timeout, the job
 * a deadline that ends the wait). Detached devices are tried all the same (presence may lag: an adapter that does not
 * report it leaves every device detached) and fail as their adapter says. After a restart a running job goes on with
 * the devices that had not answered.
 */
public final class FanoutJobs {

    private static final Logger LOG = Logger.getLogger(FanoutJobs.class.getName());
    /** DM status for devices still unanswered when the job's time is up. */
    static final int TIMED_OUT = StatusCode.REQUEST_TIMEOUT.code();

    /** Starts running a job's pending devices (the fanout-run route). */
    public interface Launcher {
        void launch(String jobId);
    }

    /** The answer to a start: a DM/HTTP status (202 started, 400, 404, 405) and why. */
    public record Started(int status, String message) {
    }

    /** What the running side needs of a job, without a database read per device. */
    private record Active(FanoutSpec spec, long deadline, RecordPrefetch records) {
        Active with(RecordPrefetch prefetch) {
            return new Active(spec, deadline, prefetch);
        }
    }

    private final FanoutStore store;
    private final Inventory inventory;
    private final Dispatcher dispatcher;
    private final ProxyRelay relay;
    private final ConnectionLimits limits;
    private final Clock clock;
    private final LongConsumer alertQueued;
    private final FanoutSpec.Retry defaultRetry;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private volatile Launcher launcher = id -> {
        throw new IllegalStateException("fanout routes not running");
    };

    /**
     * @param alertQueued told the id of each FanoutComplete alert queued (to start a session)
     * @param defaultRetry the retry policy of a job that names none (gateway.fanout.retry.*)
     */
    public FanoutJobs(FanoutStore store, Inventory inventory, Dispatcher dispatcher, ProxyRelay relay,
            ConnectionLimits limits, Clock clock, LongConsumer alertQueued, FanoutSpec.Retry defaultRetry) {
        this.store = store;
        this.inventory = inventory;
        this.dispatcher = dispatcher;
        this.relay = relay;
        this.limits = limits;
        this.clock = clock;
        this.alertQueued = alertQueued;
        this.defaultRetry = defaultRetry;
    }

    public void launcher(Launcher launcher) {
        this.launcher = launcher;
    }

    public FanoutStore store() {
        return store;
    }

    /** A new job; one that names no retry policy gets the gateway's default, kept with it. */
    public boolean create(String id, FanoutSpec spec) {
        return store.create(id, spec.retry() == null ? spec.withRetry(defaultRetry) : spec, clock.millis());
    }

    public FanoutSpec.Retry defaultRetry() {
        return defaultRetry;
    }

    /** Starts a described job; the devices are fixed now. A job matching no device completes at once. */
    public Started start(String id, String correlator, String serverId) {
        Optional<FanoutJob> job = store.find(id);
        if (job.isEmpty()) {
            return new Started(404, "no fanout job " + id);
        }
        if (job.get().status() != JobStatus.CREATED) {
            return new Started(405, "fanout job " + id + " is " + job.get().status().value());
        }
        List<String> problems = job.get().spec().problems();
        if (!problems.isEmpty()) {
            return new Started(400, String.join("; ", problems));
        }
        List<String[]> devices = targets(job.get().spec().targets());
        if (!store.start(id, correlator, serverId, devices, clock.millis())) {
            return new Started(405, "fanout job " + id + " was started already");
        }
        LOG.info("fanout job " + id + " started on " + devices.size() + " devices");
        if (devices.isEmpty()) {
            end(id, JobStatus.COMPLETED, TIMED_OUT);
            return new Started(202, "no device matches: completed, with an empty result");
        }
        activate(store.find(id).orElseThrow());
        launcher.launch(id);
        return new Started(202, "started on " + devices.size() + " devices");
    }

    /** The devices of a job as [devId, connKey], each once, in the order: DevIds, then group, then filter. */
    private List<String[]> targets(FanoutSpec.Targets t) {
        Set<String> ids = new LinkedHashSet<>(t.devIds());
        if (t.group() != null && !t.group().isBlank()) {
            inventory.store().group(t.group()).map(DeviceGroup::members).map(Map::values).ifPresent(ids::addAll);
        }
        FanoutSpec.Filter f = t.filter();
        Map<String, DeviceRecord> known = new LinkedHashMap<>();
        if (f != null && !f.isEmpty()) {
            DeviceFilter filter = new DeviceFilter(Presence.parse(f.status()).orElse(null),
                    Mode.parse(f.mode()).orElse(null), f.group(), f.model());
            inventory.store().forEachMatching(filter, 1000, d -> known.put(d.devId(), d));
            ids.addAll(known.keySet());
        }
        List<String[]> out = new ArrayList<>();
        for (String id : ids) {
            DeviceRecord d = known.containsKey(id) ? known.get(id) : inventory.find(id).orElse(null);
            out.add(new String[] {id, d == null ? "unknown" : ConnectionLimits.key(d)});
        }
        return out;
    }

    private void activate(FanoutJob job) {
        active.put(job.id(), new Active(job.spec(), job.deadline(), null));
    }

    /** The devices still to run, interleaved by connection so that the splitter's threads spread over them. */
    public List<DeviceTask> tasks(String jobId) {
        Map<String, Deque<DeviceTask>> byConnection = new LinkedHashMap<>();
        for (DeviceTask t : store.pending(jobId)) {
            byConnection.computeIfAbsent(t.connKey(), k -> new ArrayDeque<>()).add(t);
        }
        List<DeviceTask> out = new ArrayList<>();
        while (!byConnection.isEmpty()) {
            byConnection.values().removeIf(q -> {
                out.add(q.poll());
                return q.isEmpty();
            });
        }
        RecordPrefetch records = new RecordPrefetch(out.stream().map(DeviceTask::devId).toList(),
                inventory.store()::find);
        active.computeIfPresent(jobId, (k, a) -> a.with(records));
        return out;
    }

    /** Milliseconds until the job's deadline (0 when past or unknown). */
    public long remainingMillis(String jobId) {
        Active a = active.get(jobId);
        return a == null ? 0 : Math.max(0, a.deadline() - clock.millis());
    }

    /**
     * Runs the job's commands on one device and stores its result; a device whose answer the job's retry policy
     * retries is tried again after the backoff, its failed try stored first (a resumed job goes on counting). Returns
     * the device's DM status, or -1 when it was not run (the job ended or its time is up: the end of the job accounts
     * for it).
     */
    public int runTask(DeviceTask t) {
        Active job = active.get(t.jobId());
        if (job == null || clock.millis() >= job.deadline()) {
            return -1;
        }
        Optional<DeviceRecord> device = job.records() != null ? job.records().take(t.devId())
                : inventory.find(t.devId());
        if (device.isEmpty()) {
            return record(t, StatusCode.NOT_FOUND.code(), "no such device");
        }
        DeviceRecord d = device.get();
        boolean relayed = d.mode() == Mode.PROXY && relay != null;
        if (!relayed && d.mode() != Mode.ADAPTATION) {
            return record(t, StatusCode.COMMAND_NOT_ALLOWED.code(), "a " + d.mode().value()
                    + "-mode device is not commanded through the gateway's fanout: its own DM server commands it");
        }
        FanoutSpec.Retry retry = job.spec().retry() == null ? defaultRetry : job.spec().retry();
        for (int attempt = t.failures() + 1; ; attempt++) {
            Outcome o = relayed ? relayed(d, job) : commanded(t, d, job);
            if (o == null) {
                return -1; // no slot on its connection before the deadline
            }
            if (!retry.again(o.status(), attempt)) {
                return record(t, o.status(), o.data());
            }
            store.failed(t.jobId(), t.seq(), attempt);
            LOG.fine("fanout job " + t.jobId() + ": " + t.devId() + " try " + attempt + " answered " + o.status()
                    + ", trying again in " + retry.backoffMillis() + " ms");
            if (!pause(retry.backoffMillis(), job.deadline())) {
                return -1;
            }
        }
    }

    /** What one try of a device's commands gave: the first failure's status and what failed, or 200 and the values. */
    private record Outcome(int status, String data) {
        static Outcome of(int status, List<String> data) {
            return new Outcome(status, data.isEmpty() ? null : String.join("\n", data));
        }
    }

    /** An adaptation-mode device: the commands in order through its adapter, within its connection's limit. */
    private Outcome commanded(DeviceTask t, DeviceRecord d, Active job) {
        try {
            if (!limits.acquire(t.connKey(), job.deadline() - clock.millis())) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        List<String> data = new ArrayList<>();
        try {
            for (FanoutSpec.Cmd c : job.spec().commands()) {
                TreeResult r = dispatcher.run(c.op(), d, c.path(), value(c), treeUri(d, c));
                if (!StatusCode.isSuccess(r.status())) {
                    data.add(c.op() + " " + c.path() + ": " + (r.reason() == null ? "status " + r.status()
                            : r.reason()));
                    return Outcome.of(r.status(), data);
                }
                r.values().forEach(v -> data.add("bin".equals(v.format())
                        ? Base64.getEncoder().encodeToString(v.bytes()) : new String(v.bytes(), StandardCharsets.UTF_8)));
            }
        } finally {
            limits.release(t.connKey());
        }
        return Outcome.of(StatusCode.OK.code(), data);
    }

    /**
     * A proxy-mode device: each command is queued for it and waits for its next session (gateway.proxy.wait); one it
     * does not answer in time ends the device's part with 202, its answer following as a ProxyResult alert.
     */
    private Outcome relayed(DeviceRecord d, Active job) {
        List<String> data = new ArrayList<>();
        for (FanoutSpec.Cmd c : job.spec().commands()) {
            ProxyRelay.Outcome o = relay.run(d.devId(), c.op(), "./" + c.path(), value(c),
                    "b64".equals(c.format()) ? "bin" : c.format(), treeUri(d, c), null);
            if (o.status() != StatusCode.OK.code()) {
                data.add(c.op() + " " + c.path() + ": " + (o.message() == null ? "status " + o.status()
                        : o.message()));
                return Outcome.of(o.status(), data);
            }
            if (o.value() != null) {
                data.add(new String(o.value(), StandardCharsets.UTF_8));
            }
        }
        return Outcome.of(StatusCode.OK.code(), data);
    }

    /** The server's name of a command's node: ./GwMO/DevInventory/&lt;x&gt;/Tree/&lt;path&gt;. */
    private static String treeUri(DeviceRecord d, FanoutSpec.Cmd c) {
        return GwmoNames.DEV_INVENTORY + "/" + d.nodeName() + "/" + GwmoNames.DEVICE_TREE + "/" + c.path();
    }

    /** Waits out a retry's backoff; false when the job's deadline comes first or the gateway stops. */
    private boolean pause(long millis, long deadline) {
        long wait = Math.min(millis, deadline - clock.millis());
        if (wait < millis) {
            return false;
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] value(FanoutSpec.Cmd c) {
        if (c.data() == null) {
            return null;
        }
        return "b64".equals(c.format()) ? Base64.getMimeDecoder().decode(c.data())
                : c.data().getBytes(StandardCharsets.UTF_8);
    }

    private int record(DeviceTask t, int status, String data) {
        store.recordSoon(t.jobId(), t.seq(), status, data, clock.millis());
        return status;
    }

    /** Every device answered, or the time is up: the job completes (the unanswered get 408) and is reported. */
    public void complete(String jobId) {
        end(jobId, JobStatus.COMPLETED, TIMED_OUT);
    }

    /** Cancels a running job: devices not yet answered get 214 (operation cancelled); the job is reported. */
    public boolean cancel(String jobId) {
        return end(jobId, JobStatus.CANCELLED, StatusCode.OPERATION_CANCELLED.code());
    }

    private boolean end(String jobId, JobStatus end, int unanswered) {
        active.remove(jobId);
        OptionalLong alert = store.finish(jobId, end, unanswered, clock.millis(), FanoutAlert::of);
        alert.ifPresent(id -> {
            LOG.info("fanout job " + jobId + " " + end.value() + ": " + store.counts(jobId));
            alertQueued.accept(id);
        });
        return alert.isPresent();
    }

    /** At start: running jobs go on with their unanswered devices, or complete when their time is up. */
    public void resume() {
        for (FanoutJob job : store.running()) {
            if (job.deadline() == null || clock.millis() >= job.deadline()) {
                complete(job.id());
            } else {
                activate(job);
                LOG.info("fanout job " + job.id() + " resumed: " + (job.total() - job.answered()) + " of "
                        + job.total() + " devices to go");
                launcher.launch(job.id());
            }
        }
    }

    /** Ends running jobs past their deadline (the aggregator's timeout does this in the normal course). */
    public void sweep() {
        for (FanoutJob job : store.running()) {
            if (job.deadline() != null && clock.millis() >= job.deadline()) {
                complete(job.id());
            }
        }
    }
}
