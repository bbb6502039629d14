package io.omadm.gateway.gwmo;

import io.omadm.gateway.fanout.FanoutSpec;
import io.omadm.gateway.names.GwmoNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fanout job's description as leaves of ./GwMO/Fanout/&lt;f&gt;: Targets/*, Cmd/&lt;n&gt;/* and Retry/*, read as
 * text and written from it (a value that does not parse is refused with a message).
 */
final class FanoutDescription {

    private FanoutDescription() {
    }

    static FanoutSpec.Targets withTarget(FanoutSpec.Targets t, String leaf, String v) {
        return switch (leaf) {
            case GwmoNames.TARGET_GROUP -> new FanoutSpec.Targets(v.isEmpty() ? null : v, t.devIds(), t.filter());
            case GwmoNames.TARGET_DEV_IDS -> new FanoutSpec.Targets(t.group(), Arrays.stream(v.split("[,\\s]+"))
                    .filter(x -> !x.isEmpty()).toList(), t.filter());
            default -> new FanoutSpec.Targets(t.group(), t.devIds(), filter(v));
        };
    }

    /** "status=attached&amp;mode=adaptation&amp;model=M&amp;group=g" as a filter; an unknown key is refused. */
    static FanoutSpec.Filter filter(String v) {
        Map<String, String> f = new HashMap<>();
        for (String pair : v.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || !List.of("status", "mode", "model", "group").contains(kv[0].trim())) {
                throw new IllegalArgumentException("Filter is key=value pairs joined by & (status, mode, model, group),"
                        + " not '" + pair + "'");
            }
            f.put(kv[0].trim(), kv[1].trim());
        }
        return new FanoutSpec.Filter(f.get("status"), f.get("mode"), f.get("model"), f.get("group"));
    }

    static Optional<String> targetValue(FanoutSpec.Targets t, String leaf) {
        return switch (leaf) {
            case GwmoNames.TARGET_GROUP -> Optional.ofNullable(t.group());
            case GwmoNames.TARGET_DEV_IDS -> t.devIds().isEmpty() ? Optional.empty() : Optional.of(String.join(",", t.devIds()));
            case GwmoNames.TARGET_FILTER -> Optional.ofNullable(t.filter()).filter(f -> !f.isEmpty()).map(f -> String.join("&",
                    pairs(f)));
            default -> Optional.empty();
        };
    }

    private static List<String> pairs(FanoutSpec.Filter f) {
        List<String> p = new ArrayList<>();
        if (f.status() != null) {
            p.add("status=" + f.status());
        }
        if (f.mode() != null) {
            p.add("mode=" + f.mode());
        }
        if (f.model() != null) {
            p.add("model=" + f.model());
        }
        if (f.group() != null) {
            p.add("group=" + f.group());
        }
        return p;
    }

    static Optional<String> cmdValue(FanoutSpec.Cmd c, String leaf) {
        return Optional.ofNullable(switch (leaf) {
            case GwmoNames.CMD_OP -> c.op();
            case GwmoNames.CMD_PATH -> c.path();
            case GwmoNames.DATA -> c.data();
            case GwmoNames.CMD_FORMAT -> c.format();
            default -> null;
        });
    }

    static FanoutSpec.Cmd withCmdValue(FanoutSpec.Cmd c, String leaf, String v) {
        return switch (leaf) {
            case GwmoNames.CMD_OP -> new FanoutSpec.Cmd(c.name(), v, c.path(), c.data(), c.format());
            case GwmoNames.CMD_PATH -> new FanoutSpec.Cmd(c.name(), c.op(), v, c.data(), c.format());
            case GwmoNames.DATA -> new FanoutSpec.Cmd(c.name(), c.op(), c.path(), v, c.format());
            default -> new FanoutSpec.Cmd(c.name(), c.op(), c.path(), c.data(), v);
        };
    }

    /** A leaf of Retry: Attempts, Backoff (ms) or Statuses (comma separated). */
    static Optional<String> retryValue(FanoutSpec.Retry r, String leaf) {
        if (r == null) {
            return Optional.empty();
        }
        return switch (leaf) {
            case GwmoNames.RETRY_ATTEMPTS -> Optional.of(Integer.toString(r.attempts()));
            case GwmoNames.RETRY_BACKOFF -> Optional.of(Long.toString(r.backoffMillis()));
            case GwmoNames.RETRY_STATUSES -> Optional.of(String.join(",", r.statuses().stream().map(String::valueOf)
                    .toList()));
            default -> Optional.empty();
        };
    }

    /** The policy with one leaf set from its text; refused (IllegalArgumentException) when it does not parse. */
    static FanoutSpec.Retry withRetryValue(FanoutSpec.Retry r, String leaf, String v) {
        try {
            FanoutSpec.Retry changed = switch (leaf) {
                case GwmoNames.RETRY_ATTEMPTS -> new FanoutSpec.Retry(Integer.parseInt(v), r.backoffMillis(),
                        r.statuses());
                case GwmoNames.RETRY_BACKOFF -> new FanoutSpec.Retry(r.attempts(), Long.parseLong(v), r.statuses());
                default -> new FanoutSpec.Retry(r.attempts(), r.backoffMillis(), Arrays.stream(v.split("[,\\s]+"))
                        .filter(x -> !x.isEmpty()).map(Integer::valueOf).toList());
            };
            List<String> problems = new FanoutSpec(null, List.of(), 0, changed).problems().stream()
                    .filter(p -> p.startsWith("retry.")).toList();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return changed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Retry/" + leaf + " takes a number (Statuses: numbers separated by"
                    + " commas), not '" + v + "'");
        }
    }
}
