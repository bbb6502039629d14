package io.omadm.gateway.fanout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a fanout job does (GwMO-FORA-001): its targets (a group, a list of DevIds, a filter over the inventory; any of
 * them, devices in several count once) and the DM commands each target runs, in order, on paths relative to the
 * device's tree ({@code Speed} for ./GwMO/DevInventory/&lt;x&gt;/Tree/Speed); and how long the job may take.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FanoutSpec(Targets targets, List<Cmd> commands, long timeoutMillis) {

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

    public FanoutSpec {
        targets = targets == null ? new Targets(null, List.of(), null) : targets;
        commands = commands == null ? List.of() : List.copyOf(commands);
        timeoutMillis = timeoutMillis <= 0 ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
    }

    public static FanoutSpec empty() {
        return new FanoutSpec(null, List.of(), 0);
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
        return p;
    }
}
