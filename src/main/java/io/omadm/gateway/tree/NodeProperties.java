package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node's properties (spec notes §5.5): read any of them ({@code ?prop=ACL}, Format, Type, Name, Size, Title,
 * TStamp, VerNo), replace ACL (with Replace on the parent, §5.6), Title and Name (a rename moves the subtree); and
 * the check of a value against its format. Runs under the tree's lock.
 */
final class NodeProperties {

    static final Set<String> FORMATS =
            Set.of("b64", "bin", "bool", "chr", "int", "node", "null", "xml", "date", "time", "float");
    private static final DateTimeFormatter TSTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DmTree tree;
    private final StoredNodes stored;

    NodeProperties(DmTree tree, StoredNodes stored) {
        this.tree = tree;
        this.stored = stored;
    }

    static TreeResult get(Node n, String prop) {
        String value = switch (prop) {
            case "ACL" -> n.acl();
            case "Format" -> n.format();
            case "Type" -> n.type() == null ? "" : n.type();
            case "Name" -> n.path().name();
            case "Size" -> n.interior() ? null : Integer.toString(n.size());
            case "Title" -> n.title() == null ? "" : n.title();
            case "TStamp" -> TSTAMP.format(Instant.ofEpochMilli(n.tstamp()));
            case "VerNo" -> Integer.toString(n.verNo());
            default -> null;
        };
        if (value == null) {
            return TreeResult.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "property " + prop + " of " + n.path());
        }
        return TreeResult.ok(List.of(new TreeResult.Value(n.path() + "?prop=" + prop, "chr", "text/plain",
                value.getBytes(StandardCharsets.UTF_8))));
    }

    /** @param served the node lies in a subtree served by code, whose properties are the gateway's */
    TreeResult replace(Node n, String prop, byte[] value, String serverId, boolean served) {
        String text = new String(value, StandardCharsets.UTF_8);
        switch (prop) {
            case "ACL" -> {
                // §5.6: changing an ACL takes Replace on the parent (the root's own ACL: Replace on the root).
                NodePath governing = n.path().isRoot() ? n.path() : n.path().parent();
                if (!tree.allowed(governing, AclCommand.REPLACE, serverId)) {
                    return DmTree.denied(AclCommand.REPLACE, governing, serverId);
                }
                Optional<Acl> acl = Acl.parse(text);
                if (acl.isEmpty()) {
                    return TreeResult.of(StatusCode.BAD_REQUEST, "ACL '" + text + "' breaks the ACL grammar");
                }
                if (n.path().isRoot() && acl.get().isEmpty()) {
                    return TreeResult.of(StatusCode.BAD_REQUEST, "the root ACL always has a value");
                }
                return served ? servedByGateway(n) : written(n.withAcl(acl.get().toString()));
            }
            case "Title" -> {
                if (!tree.allowed(n.path(), AclCommand.REPLACE, serverId)) {
                    return DmTree.denied(AclCommand.REPLACE, n.path(), serverId);
                }
                if (value.length > 255) {
                    return TreeResult.of(StatusCode.REQUEST_ENTITY_TOO_LARGE, "a Title has at most 255 bytes");
                }
                return served ? servedByGateway(n) : written(n.withTitle(text));
            }
            case "Name" -> {
                if (!tree.allowed(n.path(), AclCommand.REPLACE, serverId)) {
                    return DmTree.denied(AclCommand.REPLACE, n.path(), serverId);
                }
                return rename(n, text, served);
            }
            case "Format", "Type", "Size", "TStamp", "VerNo" -> {
                return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "property " + prop + " is read-only");
            }
            default -> {
                return TreeResult.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "property " + prop);
            }
        }
    }

    private static TreeResult servedByGateway(Node n) {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, n.path() + " is served by the gateway");
    }

    private TreeResult written(Node n) {
        stored.write(n);
        return TreeResult.of(StatusCode.OK);
    }

    private TreeResult rename(Node n, String newName, boolean served) {
        if (n.path().isRoot() || served || n.permanent() || tree.isMountPoint(n.path())) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, n.path() + " cannot be renamed");
        }
        if (!NodePath.isValidName(newName)) {
            return TreeResult.of(StatusCode.BAD_REQUEST, "'" + newName + "' is not a node name");
        }
        NodePath target = n.path().parent().child(newName);
        if (tree.node(target).isPresent()) {
            return TreeResult.of(StatusCode.ALREADY_EXISTS, target + " already exists");
        }
        List<NodePath> subtree = stored.subtree(n.path());
        for (NodePath p : subtree) {
            if (stored.get(p).permanent()) {
                return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, p + " is permanent");
            }
        }
        List<Node> moved = new ArrayList<>();
        for (NodePath p : subtree) {
            NodePath np = target;
            for (String s : p.relativeTo(n.path())) {
                np = np.child(s);
            }
            moved.add(stored.get(p).movedTo(np));
        }
        for (int i = subtree.size() - 1; i >= 0; i--) {
            stored.remove(subtree.get(i));
        }
        moved.forEach(stored::write);
        return TreeResult.of(StatusCode.OK);
    }

    /** What is wrong with a value for its format (int, float, bool are checked), or empty. */
    static Optional<String> checkValue(String format, byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8).trim();
        try {
            switch (format) {
                case "int" -> Long.parseLong(text);
                case "float" -> Double.parseDouble(text);
                case "bool" -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        return Optional.of("a bool is true or false, not '" + text + "'");
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.of("'" + text + "' is not a valid " + format);
        }
        return Optional.empty();
    }
}
