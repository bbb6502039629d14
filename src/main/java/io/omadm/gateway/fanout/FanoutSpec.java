package io.omadm.gateway.fanout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a fanout job does (GwMO-FORA-001): its targets (a group, a list of DevIds, a filter over the inventory; any of
 * them, devices in several count once) and the DM commands each target runs, in order, on paths relative to the
 * device's tree ({@code Speed} for ./GwMO/DevInventory/&lt;x&gt;/Tree/Speed); how long the job may take; and how a
 * device that fails is tried again (null: the gateway's default, gateway.fanout.retry.*, fixed when the job is made).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FanoutSpec(Targets targets, List<Cmd> commands, long timeoutMillis, Retry retry) {

    public static final long DEFAULT_TIMEOUT_MILLIS = 300_000;
    static final Set<String> OPS = Set.of("Get", "Replace", "Exec", "Add", "Delete");

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Targets(String group, List<String> devIds, Filter filter) {
        public Targets {
            devIds = devIds == null ? List.of() : List.copyOf(devIds);
        }

        @JsonIgnore
        public boolean isEmpty() {
            return (group == null || group.isBlank()) && devIds.isEmpty() && (filter == null || filter.isEmpty());
        }
    }

    /** Inventory filter: every field that is set must match. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filter(String status, String mode, String model, String group) {
        @JsonIgnore
        public boolean isEmpty() {
            return status == null && mode == null && model == null && group == null;
        }
    }

    /** One DM command; data in the given format (chr, int, bool, float, b64); named as in ./GwMO/Fanout/f/Cmd/name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cmd(String name, String op, String path, String data, String format) {
    }

    /**
     * How often a device is tried in all ({@code attempts}, 1 = no retry), how long to wait between two tries, and
     * which DM statuses of a device's answer are worth another try (the others are final at once).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Retry(int attempts, long backoffMillis, List<Integer> statuses) {
        public static final int MAX_ATTEMPTS = 10;
        public static final long MAX_BACKOFF_MILLIS = 3_600_000;

        public Retry {
            statuses = statuses == null ? List.of() : List.copyOf(statuses);
        }

        /** Whether a device that answered {@code status} on try {@code attempt} (from 1) is tried again. */
        public boolean again(int status, int attempt) {
            return attempt < attempts && statuses.contains(status);
        }

        List<String> problems() {
            List<String> p = new ArrayList<>();
            if (attempts < 1 || attempts > MAX_ATTEMPTS) {
                p.add("retry.attempts: 1 to " + MAX_ATTEMPTS + " tries in all");
            }
            if (backoffMillis < 0 || backoffMillis > MAX_BACKOFF_MILLIS) {
                p.add("retry.backoffMillis: 0 to " + MAX_BACKOFF_MILLIS);
            }
            if (statuses.stream().anyMatch(s -> s == null || s < 300 || s > 599)) {
                p.add("retry.statuses: DM failure statuses, 300 to 599");
            }
            return p;
        }
    }

    @JsonCreator
    public FanoutSpec {
        targets = targets == null ? new Targets(null, List.of(), null) : targets;
        commands = commands == null ? List.of() : List.copyOf(commands);
        timeoutMillis = timeoutMillis <= 0 ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
    }

    /** A job with the gateway's default retry policy. */
    public FanoutSpec(Targets targets, List<Cmd> commands, long timeoutMillis) {
        this(targets, commands, timeoutMillis, null);
    }

    public static FanoutSpec empty() {
        return new FanoutSpec(null, List.of(), 0);
    }

    public FanoutSpec withTargets(Targets t) {
        return new FanoutSpec(t, commands, timeoutMillis, retry);
    }

    public FanoutSpec withCommands(List<Cmd> c) {
        return new FanoutSpec(targets, c, timeoutMillis, retry);
    }

    public FanoutSpec withTimeoutMillis(long t) {
        return new FanoutSpec(targets, commands, t, retry);
    }

    public FanoutSpec withRetry(Retry r) {
        return new FanoutSpec(targets, commands, timeoutMillis, r);
    }

    /** What keeps the job from starting: no targets, no commands, an unknown command or a bad path. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (targets.isEmpty()) {
            p.add("targets: a group, DevIds or a filter is needed");
        }
        if (commands.isEmpty()) {
            p.add("commands: at least one is needed");
        }
        for (int i = 0; i < commands.size(); i++) {
            Cmd c = commands.get(i);
            if (c == null || c.op() == null || !OPS.contains(c.op())) {
                p.add("commands[" + i + "].op: one of " + OPS);
            }
            if (c == null || c.path() == null || c.path().isBlank() || c.path().startsWith("/")
                    || c.path().startsWith(".") || c.path().contains("..")) {
                p.add("commands[" + i + "].path: a path in the device's tree, like Config/Interval");
            }
        }
        if (retry != null) {
            p.addAll(retry.problems());
        }
        return p;
    }
}
