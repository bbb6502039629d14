package io.omadm.gateway.tree;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's ACL (spec notes §5.6): {@code Add=srv1&Delete=srv1&Replace=srv1+srv2&Get=*}. Rights go to ServerIDs;
 * {@code *} is everyone. An empty ACL means "inherit the nearest ancestor's ACL as a whole".
 */
public record Acl(Map<AclCommand, Set<String>> grants) {

    public static final Acl EMPTY = new Acl(Map.of());
    /** The root's default: servers may add and read, nothing else. */
    public static final Acl ROOT_DEFAULT = parse("Add=*&Get=*").orElseThrow();
    public static final String ANY = "*";

    public Acl {
        Map<AclCommand, Set<String>> copy = new EnumMap<>(AclCommand.class);
        grants.forEach((k, v) -> copy.put(k, Set.copyOf(new LinkedHashSet<>(v))));
        grants = Map.copyOf(copy);
    }

    /** The ACL a string writes, or empty when it breaks the grammar. */
    public static Optional<Acl> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.of(EMPTY);
        }
        Map<AclCommand, Set<String>> grants = new EnumMap<>(AclCommand.class);
        for (String entry : s.split("&", -1)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            AclCommand cmd = AclCommand.byAclName(entry.substring(0, eq));
            if (cmd == null) {
                return Optional.empty();
            }
            Set<String> ids = grants.computeIfAbsent(cmd, k -> new LinkedHashSet<>());
            for (String id : entry.substring(eq + 1).split("\\+", -1)) {
                if (!validServerId(id)) {
                    return Optional.empty();
                }
                ids.add(id);
            }
        }
        return Optional.of(new Acl(grants));
    }

    private static boolean validServerId(String id) {
        if (id.equals(ANY)) {
            return true;
        }
        if (id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c == '=' || c == '&' || c == '*' || c == '+' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return grants.isEmpty();
    }

    public boolean allows(AclCommand cmd, String serverId) {
        Set<String> ids = grants.get(cmd);
        return ids != null && (ids.contains(ANY) || ids.contains(serverId));
    }

    /** This ACL with every grant to {@code serverId} removed; commands left without ids go to "*" (§5.6). */
    public Acl withoutServer(String serverId) {
        Map<AclCommand, Set<String>> out = new EnumMap<>(AclCommand.class);
        grants.forEach((cmd, ids) -> {
            Set<String> rest = new LinkedHashSet<>(ids);
            rest.remove(serverId);
            out.put(cmd, rest.isEmpty() ? Set.of(ANY) : rest);
        });
        return new Acl(out);
    }

    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        for (AclCommand c : AclCommand.values()) {
            Set<String> ids = grants.get(c);
            if (ids != null) {
                entries.add(c.aclName() + "=" + String.join("+", ids.stream().sorted().toList()));
            }
        }
        return String.join("&", entries);
    }
}
