package io.omadm.gateway.gwmo;

import io.omadm.gateway.fanout.DeviceResult;
import io.omadm.gateway.fanout.FanoutJob;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.fanout.FanoutSpec;
import io.omadm.gateway.fanout.JobStatus;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * ./GwMO/Fanout/&lt;f&gt; (GwMO-FORA-001/002, DESIGN §3.3; names provisional): the server describes a job with
 * Targets/{Group, DevIds (comma or space separated), Filter (status=attached&amp;mode=adaptation&amp;model=M&amp;group=g)},
 * Cmd/&lt;n&gt;/{Op, Path, Data, Format}, Timeout (seconds) and Retry/{Attempts, Backoff (ms), Statuses}, then Execs
 * Operations/Start: 202, and the job runs in the background; its FanoutComplete alert carries the Exec's Correlator.
 * Status, Progress (answered/total) and Results/&lt;n&gt;/{DevId, Status, Data, Attempts} (n from 1) are kept current; Operations/Cancel stops it. A job can be
 * described only until it starts, and deleted when it is not running. Jobs are stored: they survive a restart.
 */
public final class FanoutObject implements ManagedObject {

    private static final String TARGETS = GwmoNames.FANOUT_TARGETS;
    private static final String CMD = GwmoNames.FANOUT_CMD;
    private static final String TIMEOUT = GwmoNames.FANOUT_TIMEOUT;
    private static final String PROGRESS = GwmoNames.FANOUT_PROGRESS;
    private static final String RESULTS = GwmoNames.FANOUT_RESULTS;
    private static final String RETRY = GwmoNames.FANOUT_RETRY;
    private static final String START = GwmoNames.START;
    private static final String CANCEL = GwmoNames.CANCEL;
    private static final List<String> TARGET_LEAVES = GwmoNames.FANOUT_TARGET_LEAVES;
    private static final List<String> CMD_LEAVES = GwmoNames.FANOUT_CMD_LEAVES;

    private final NodePath root;
    private final FanoutJobs jobs;

    public FanoutObject(NodePath root, FanoutJobs jobs) {
        this.root = root;
        this.jobs = jobs;
    }

    @Override
    public Optional<Node> node(NodePath path) {
        List<String> rel = path.relativeTo(root);
        Optional<FanoutJob> job = jobs.store().find(rel.get(0));
        if (job.isEmpty()) {
            return Optional.empty();
        }
        FanoutJob j = job.get();
        if (rel.size() == 1) {
            return interior(path);
        }
        String a = rel.get(1);
        return switch (rel.size()) {
            case 2 -> switch (a) {
                case TARGETS, CMD, GwmoNames.OPERATIONS, RESULTS, RETRY -> interior(path);
                case TIMEOUT -> leaf(path, Long.toString(j.spec().timeoutMillis() / 1000), "int");
                case GwmoNames.STATUS -> leaf(path, j.status().value(), "chr");
                case PROGRESS -> leaf(path, j.answered() + "/" + j.total(), "chr");
                default -> Optional.empty();
            };
            case 3 -> switch (a) {
                case TARGETS -> FanoutDescription.targetValue(j.spec().targets(), rel.get(2))
                        .flatMap(v -> leaf(path, v, "chr"));
                case RETRY -> FanoutDescription.retryValue(j.spec().retry(), rel.get(2)).flatMap(v -> leaf(path, v,
                        rel.get(2).equals(GwmoNames.RETRY_STATUSES) ? "chr" : "int"));
                case CMD -> cmd(j, rel.get(2)).isPresent() ? interior(path) : Optional.empty();
                case GwmoNames.OPERATIONS -> rel.get(2).equals(START) || rel.get(2).equals(CANCEL)
                        ? leaf(path, "", "chr") : Optional.empty();
                case RESULTS -> result(j, rel.get(2)).isPresent() ? interior(path) : Optional.empty();
                default -> Optional.empty();
            };
            case 4 -> switch (a) {
                case CMD -> cmd(j, rel.get(2)).flatMap(c -> FanoutDescription.cmdValue(c, rel.get(3)))
                        .flatMap(v -> leaf(path, v, "chr"));
                case RESULTS -> result(j, rel.get(2)).flatMap(r -> resultValue(r, rel.get(3)))
                        .flatMap(v -> leaf(path, v, "chr"));
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.isEmpty()) {
            return jobs.store().list().stream().map(FanoutJob::id).toList();
        }
        Optional<FanoutJob> job = jobs.store().find(rel.get(0));
        if (job.isEmpty()) {
            return List.of();
        }
        FanoutJob j = job.get();
        if (rel.size() == 1) {
            return List.of(TARGETS, CMD, TIMEOUT, RETRY, GwmoNames.OPERATIONS, GwmoNames.STATUS, PROGRESS, RESULTS);
        }
        String a = rel.get(1);
        if (rel.size() == 2) {
            return switch (a) {
                case TARGETS -> TARGET_LEAVES.stream()
                        .filter(n -> FanoutDescription.targetValue(j.spec().targets(), n).isPresent()).toList();
                case RETRY -> j.spec().retry() == null ? List.of() : GwmoNames.FANOUT_RETRY_LEAVES;
                case CMD -> j.spec().commands().stream().map(FanoutSpec.Cmd::name).toList();
                case GwmoNames.OPERATIONS -> List.of(START, CANCEL);
                case RESULTS -> IntStream.rangeClosed(1, j.total()).mapToObj(Integer::toString).toList();
                default -> List.of();
            };
        }
        if (rel.size() == 3 && a.equals(CMD)) {
            return cmd(j, rel.get(2)).map(c -> CMD_LEAVES.stream()
                    .filter(n -> FanoutDescription.cmdValue(c, n).isPresent()).toList()).orElse(List.of());
        }
        if (rel.size() == 3 && a.equals(RESULTS)) {
            return result(j, rel.get(2)).map(r -> List.of(GwmoNames.DEV_ID, GwmoNames.STATUS, GwmoNames.DATA,
                    GwmoNames.RESULT_ATTEMPTS)).orElse(List.of());
        }
        return List.of();
    }

    @Override
    public TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 1) {
            return jobs.create(rel.get(0), FanoutSpec.empty()) ? TreeResult.of(StatusCode.OK)
                    : TreeResult.of(StatusCode.ALREADY_EXISTS);
        }
        if (rel.size() == 2 && (rel.get(1).equals(TARGETS) || rel.get(1).equals(CMD) || rel.get(1).equals(RETRY)
                || rel.get(1).equals(GwmoNames.OPERATIONS))) {
            return jobs.store().find(rel.get(0)).isPresent() ? TreeResult.of(StatusCode.OK)
                    : TreeResult.of(StatusCode.NOT_FOUND); // always there
        }
        if (rel.size() == 3 && rel.get(1).equals(CMD) && interior) {
            return describe(rel.get(0), s -> cmd(s, rel.get(2)).isPresent() ? null
                    : s.withCommands(append(s.commands(), new FanoutSpec.Cmd(rel.get(2), null, null, null, null))));
        }
        return set(rel, value);
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        return set(path.relativeTo(root), value);
    }

    /** A leaf of the description: Targets/*, Cmd/n/*, Timeout. */
    private TreeResult set(List<String> rel, byte[] value) {
        String v = value == null ? "" : new String(value, StandardCharsets.UTF_8).trim();
        if (rel.size() == 2 && rel.get(1).equals(TIMEOUT)) {
            long seconds;
            try {
                seconds = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return TreeResult.of(StatusCode.BAD_REQUEST, "Timeout is in seconds, not '" + v + "'");
            }
            return describe(rel.get(0), s -> s.withTimeoutMillis(seconds * 1000));
        }
        if (rel.size() == 3 && rel.get(1).equals(TARGETS) && TARGET_LEAVES.contains(rel.get(2))) {
            try {
                return describe(rel.get(0), s -> s.withTargets(FanoutDescription.withTarget(s.targets(), rel.get(2),
                        v)));
            } catch (IllegalArgumentException e) {
                return TreeResult.of(StatusCode.BAD_REQUEST, e.getMessage());
            }
        }
        if (rel.size() == 3 && rel.get(1).equals(RETRY) && GwmoNames.FANOUT_RETRY_LEAVES.contains(rel.get(2))) {
            try {
                return describe(rel.get(0), s -> s.withRetry(FanoutDescription.withRetryValue(s.retry() == null
                        ? jobs.defaultRetry() : s.retry(), rel.get(2), v)));
            } catch (IllegalArgumentException e) {
                return TreeResult.of(StatusCode.BAD_REQUEST, e.getMessage());
            }
        }
        if (rel.size() == 4 && rel.get(1).equals(CMD) && CMD_LEAVES.contains(rel.get(3))) {
            return describe(rel.get(0), s -> cmd(s, rel.get(2)).map(c -> s.withCommands(s.commands().stream()
                    .map(x -> x == c ? FanoutDescription.withCmdValue(c, rel.get(3), v) : x).toList())).orElse(null));
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "a fanout job is described by Targets/{Group, DevIds,"
                + " Filter}, Cmd/<n>/{Op, Path, Data, Format}, Timeout and Retry/{Attempts, Backoff, Statuses};"
                + " Status, Progress and Results are read-only");
    }

    /** Applies a change to a job still being described; the change gives null when its target does not exist. */
    private TreeResult describe(String id, UnaryOperator<FanoutSpec> change) {
        Optional<FanoutJob> job = jobs.store().find(id);
        if (job.isEmpty()) {
            return TreeResult.of(StatusCode.NOT_FOUND, "no fanout job " + id);
        }
        if (job.get().status() != JobStatus.CREATED) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "fanout job " + id + " is "
                    + job.get().status().value() + ": its description is fixed");
        }
        FanoutSpec changed = change.apply(job.get().spec());
        if (changed == null) {
            return TreeResult.of(StatusCode.NOT_FOUND, "no such command in fanout job " + id);
        }
        return jobs.store().describe(id, changed) ? TreeResult.of(StatusCode.OK)
                : TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "fanout job " + id + " has started");
    }

    @Override
    public TreeResult delete(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() != 1) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "delete a whole fanout job");
        }
        Optional<FanoutJob> job = jobs.store().find(rel.get(0));
        if (job.isEmpty()) {
            return TreeResult.of(StatusCode.NOT_FOUND);
        }
        return jobs.store().delete(rel.get(0)) ? TreeResult.of(StatusCode.OK)
                : TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "fanout job " + rel.get(0) + " is running: cancel it");
    }

    @Override
    public TreeResult exec(NodePath path, byte[] data, String correlator) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 3 && rel.get(1).equals(GwmoNames.OPERATIONS) && rel.get(2).equals(START)) {
            FanoutJobs.Started s = jobs.start(rel.get(0), correlator, null);
            return new TreeResult(s.status(), List.of(), s.message());
        }
        if (rel.size() == 3 && rel.get(1).equals(GwmoNames.OPERATIONS) && rel.get(2).equals(CANCEL)) {
            return jobs.cancel(rel.get(0)) ? TreeResult.of(StatusCode.OK)
                    : TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "fanout job " + rel.get(0) + " is not running");
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Exec Operations/Start or Operations/Cancel");
    }

    private static Optional<FanoutSpec.Cmd> cmd(FanoutJob j, String name) {
        return cmd(j.spec(), name);
    }

    private static Optional<FanoutSpec.Cmd> cmd(FanoutSpec s, String name) {
        return s.commands().stream().filter(c -> name.equals(c.name())).findFirst();
    }

    private Optional<DeviceResult> result(FanoutJob j, String name) {
        try {
            int n = Integer.parseInt(name);
            return n < 1 || n > j.total() ? Optional.empty() : jobs.store().result(j.id(), n - 1);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> resultValue(DeviceResult r, String leaf) {
        return switch (leaf) {
            case GwmoNames.DEV_ID -> Optional.of(r.devId());
            case GwmoNames.STATUS -> Optional.of(r.status() == null ? "" : Integer.toString(r.status()));
            case GwmoNames.DATA -> Optional.of(r.data() == null ? "" : r.data());
            case GwmoNames.RESULT_ATTEMPTS -> Optional.of(Integer.toString(r.attempts()));
            default -> Optional.empty();
        };
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private static Optional<Node> interior(NodePath path) {
        return Optional.of(Node.interior(path, "", false));
    }

    private static Optional<Node> leaf(NodePath path, String value, String format) {
        return Optional.of(Node.leaf(path, value, format, "text/plain", "", false));
    }
}
