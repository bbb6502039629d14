package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The DM management tree and the semantics of every command on it (spec notes §2.2, §5.5, §5.6): ACL checks with
 * inheritance (425), Add (418, implicit parents), Replace (404 on a missing node), Delete (405 on permanent nodes and
 * the root), Get (child list on interior nodes, properties, {@code ?list=Struct|StructData}), Exec and Copy.
 *
 * <p>Every node lives in memory; changes are kept in an undo log until {@link #commit()} hands them to the
 * {@link TreeStore}, so Atomic can roll back to a {@link #mark()} and a session can make its writes durable before it
 * answers. Subtrees mounted with {@link #mount} are served by code. A null server id is the gateway itself: no ACL.
 * Thread-safe: every public method holds the tree's lock, except while a command waits on a device through a managed
 * object ({@link ManagedObject#reachesDevice}): one slow device must not stop every other session and API call.
 */
public final class DmTree {

    private static final Set<String> FORMATS =
            Set.of("b64", "bin", "bool", "chr", "int", "node", "null", "xml", "date", "time", "float");
    private static final DateTimeFormatter TSTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final TreeStore store;
    private final TreeMap<NodePath, Node> nodes = new TreeMap<>();
    private final Map<NodePath, TreeSet<String>> children = new LinkedHashMap<>();
    private final Map<NodePath, ManagedObject> mounts = new LinkedHashMap<>();
    private final List<Undo> undo = new ArrayList<>();

    private record Undo(NodePath path, Node previous) {
    }

    /** A command checked under the lock: its result, or the managed object's call still to make, without the lock. */
    private record Checked(TreeResult result, Supplier<TreeResult> call) {
        static Checked done(TreeResult result) {
            return new Checked(result, null);
        }

        TreeResult run() {
            return call == null ? result : call.get();
        }
    }

    /** A managed object's command: made now under the lock, or later without it when it waits on a device. */
    private static Checked served(ManagedObject mo, NodePath path, Supplier<TreeResult> call) {
        return mo.reachesDevice(path) ? new Checked(null, call) : Checked.done(call.get());
    }

    public DmTree(TreeStore store) {
        this.store = store;
        for (Node n : store.loadAll()) {
            index(n);
        }
        if (!nodes.containsKey(NodePath.ROOT)) {
            index(new Node(NodePath.ROOT, true, null, "node", null, Acl.ROOT_DEFAULT.toString(), null,
                    System.currentTimeMillis(), 0, true));
            undo.add(new Undo(NodePath.ROOT, null));
        }
    }

    // ---- setup by the gateway ----

    /** Serves the subtree below {@code path} (an existing stored interior node) by code. */
    public synchronized void mount(NodePath path, ManagedObject mo) {
        Node n = nodes.get(path);
        if (n == null || !n.interior()) {
            throw new IllegalArgumentException("mount point " + path + " must be a stored interior node");
        }
        mounts.put(path, mo);
    }

    /** Creates or overwrites a stored node as the gateway (no ACL), creating missing parents. */
    public synchronized void put(Node node) {
        createParents(node.path(), null);
        write(node);
    }

    /** The node at a path, stored or served, without ACL checks. */
    public synchronized Optional<Node> node(NodePath path) {
        ManagedObject mo = mountBelow(path);
        return mo != null ? mo.node(path) : Optional.ofNullable(nodes.get(path));
    }

    /** Whether a path lies in a subtree served by code, whose changes a rollback cannot undo. */
    public synchronized boolean isServed(NodePath path) {
        return mountBelow(path) != null;
    }

    public synchronized List<String> childNames(NodePath path) {
        ManagedObject mo = mounts.get(path);
        if (mo == null) {
            mo = mountBelow(path);
        }
        if (mo != null) {
            return mo.children(path);
        }
        TreeSet<String> names = children.get(path);
        return names == null ? List.of() : List.copyOf(names);
    }

    // ---- transactions ----

    /** A point to roll back to (Atomic). */
    public synchronized int mark() {
        return undo.size();
    }

    public synchronized void rollbackTo(int mark) {
        for (int i = undo.size() - 1; i >= mark; i--) {
            Undo u = undo.remove(i);
            if (u.previous() == null) {
                unindex(u.path());
            } else {
                index(u.previous());
            }
        }
    }

    /** Drops every change since the last commit. */
    public synchronized void rollback() {
        rollbackTo(0);
    }

    /** Makes every change since the last commit durable, at once; nothing is lost if the store fails. */
    public synchronized void commit() {
        if (undo.isEmpty()) {
            return;
        }
        Map<NodePath, Boolean> touched = new LinkedHashMap<>();
        undo.forEach(u -> touched.put(u.path(), Boolean.TRUE));
        List<Node> upserts = new ArrayList<>();
        List<NodePath> deletes = new ArrayList<>();
        for (NodePath p : touched.keySet()) {
            Node n = nodes.get(p);
            if (n == null) {
                deletes.add(p);
            } else {
                upserts.add(n);
            }
        }
        store.commit(upserts, deletes);
        undo.clear();
    }

    public synchronized boolean hasUncommittedChanges() {
        return !undo.isEmpty();
    }

    // ---- commands ----

    public TreeResult get(TreeUri uri, String serverId) {
        return checkGet(uri, serverId).run();
    }

    private synchronized Checked checkGet(TreeUri uri, String serverId) {
        Optional<Node> found = node(uri.path());
        if (found.isEmpty()) {
            return Checked.done(TreeResult.of(StatusCode.NOT_FOUND, uri.path() + " does not exist"));
        }
        if (!allowed(uri.path(), AclCommand.GET, serverId)) {
            return Checked.done(denied(AclCommand.GET, uri.path(), serverId));
        }
        Node n = found.get();
        if (uri.property() != null) {
            return Checked.done(getProperty(n, uri.property()));
        }
        if (uri.list() != null) {
            return Checked.done(list(n, uri.list(), serverId));
        }
        TreeResult own = TreeResult.ok(List.of(valueOf(n)));
        ManagedObject mo = n.interior() ? null : mountBelow(n.path());
        return mo == null ? Checked.done(own) : served(mo, n.path(), () -> mo.read(n.path()).orElse(own));
    }

    public TreeResult add(TreeUri uri, String format, String type, byte[] value, String serverId) {
        return checkAdd(uri, format, type, value, serverId).run();
    }

    private synchronized Checked checkAdd(TreeUri uri, String format, String type, byte[] value, String serverId) {
        NodePath path = uri.path();
        if (!uri.isPlain()) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "no property can be added"));
        }
        if (path.isRoot() || node(path).isPresent()) {
            return Checked.done(TreeResult.of(StatusCode.ALREADY_EXISTS, path + " already exists"));
        }
        String fmt = format == null ? "chr" : format;
        if (!FORMATS.contains(fmt)) {
            return Checked.done(TreeResult.of(StatusCode.UNSUPPORTED_MEDIA_TYPE, "unknown format " + fmt));
        }
        Optional<String> bad = checkValue(fmt, value);
        if (bad.isPresent()) {
            return Checked.done(TreeResult.of(StatusCode.BAD_REQUEST, bad.get()));
        }
        NodePath existing = nearestExisting(path.parent());
        Node ancestor = node(existing).orElseThrow();
        if (!ancestor.interior()) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, existing
                    + " is a leaf and cannot have children"));
        }
        if (!allowed(existing, AclCommand.ADD, serverId)) {
            return Checked.done(denied(AclCommand.ADD, existing, serverId));
        }
        ManagedObject mo = mountBelow(path);
        if (mo != null) {
            return served(mo, path, () -> mo.add(path, fmt.equals("node"), value, fmt, type));
        }
        boolean interior = fmt.equals("node");
        // §5.6: a server that creates an interior node without Replace on the parent gets full rights on it.
        String acl = interior && serverId != null && !allowed(path.parent(), AclCommand.REPLACE, serverId)
                && existing.equals(path.parent())
                ? "Add=" + serverId + "&Delete=" + serverId + "&Get=" + serverId + "&Replace=" + serverId
                : "";
        createParents(path, null);
        write(new Node(path, interior, interior ? null : value, fmt, type, acl, null, System.currentTimeMillis(), 0,
                false));
        return Checked.done(TreeResult.of(StatusCode.OK));
    }

    public TreeResult replace(TreeUri uri, String format, String type, byte[] value, String serverId) {
        return checkReplace(uri, format, type, value, serverId).run();
    }

    private synchronized Checked checkReplace(TreeUri uri, String format, String type, byte[] value,
            String serverId) {
        Optional<Node> found = node(uri.path());
        if (found.isEmpty()) {
            return Checked.done(TreeResult.of(StatusCode.NOT_FOUND, uri.path() + " does not exist"));
        }
        if (uri.property() != null) {
            return Checked.done(replaceProperty(found.get(), uri.property(), value, serverId));
        }
        if (uri.list() != null) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Replace takes no ?list"));
        }
        Node n = found.get();
        if (!allowed(n.path(), AclCommand.REPLACE, serverId)) {
            return Checked.done(denied(AclCommand.REPLACE, n.path(), serverId));
        }
        if (n.interior()) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, n.path()
                    + " is an interior node"));
        }
        String fmt = format == null ? n.format() : format;
        if (!FORMATS.contains(fmt) || fmt.equals("node")) {
            return Checked.done(TreeResult.of(StatusCode.UNSUPPORTED_MEDIA_TYPE, "format " + fmt
                    + " for a leaf"));
        }
        Optional<String> bad = checkValue(fmt, value);
        if (bad.isPresent()) {
            return Checked.done(TreeResult.of(StatusCode.BAD_REQUEST, bad.get()));
        }
        ManagedObject mo = mountBelow(n.path());
        if (mo != null) {
            return served(mo, n.path(), () -> mo.replace(n.path(), value, fmt, type));
        }
        write(n.withValue(value, fmt, type));
        return Checked.done(TreeResult.of(StatusCode.OK));
    }

    /**
     * Where a large object replacing the leaf at {@code uri} goes as it arrives, if the leaf's managed object takes
     * it that way and the server may Replace it; empty otherwise (the value is then assembled in memory).
     */
    public synchronized Optional<ValueSink> sink(TreeUri uri, String format, Long declaredSize, String serverId) {
        if (!uri.isPlain()) {
            return Optional.empty();
        }
        Optional<Node> found = node(uri.path());
        if (found.isEmpty() || found.get().interior() || !allowed(uri.path(), AclCommand.REPLACE, serverId)) {
            return Optional.empty(); // the whole-value path gives the proper status
        }
        ManagedObject mo = mountBelow(uri.path());
        return mo == null ? Optional.empty() : mo.sink(uri.path(), format, declaredSize);
    }

    public TreeResult delete(TreeUri uri, String serverId) {
        return checkDelete(uri, serverId).run();
    }

    private synchronized Checked checkDelete(TreeUri uri, String serverId) {
        NodePath path = uri.path();
        if (!uri.isPlain()) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "properties cannot be deleted"));
        }
        if (path.isRoot()) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "the root cannot be deleted"));
        }
        Optional<Node> found = node(path);
        if (found.isEmpty()) {
            return Checked.done(TreeResult.of(StatusCode.NOT_FOUND, path + " does not exist"));
        }
        if (!allowed(path, AclCommand.DELETE, serverId)) {
            return Checked.done(denied(AclCommand.DELETE, path, serverId));
        }
        ManagedObject mo = mountBelow(path);
        if (mo != null) {
            return served(mo, path, () -> mo.delete(path));
        }
        List<NodePath> subtree = storedSubtree(path);
        for (NodePath p : subtree) {
            if (nodes.get(p).permanent() || mounts.containsKey(p)) {
                return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, p + " is permanent"));
            }
        }
        for (int i = subtree.size() - 1; i >= 0; i--) {
            remove(subtree.get(i));
        }
        return Checked.done(TreeResult.of(StatusCode.OK));
    }

    public TreeResult exec(TreeUri uri, byte[] data, String correlator, String serverId) {
        return checkExec(uri, data, correlator, serverId).run();
    }

    private synchronized Checked checkExec(TreeUri uri, byte[] data, String correlator, String serverId) {
        if (!uri.isPlain()) {
            return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Exec on a property"));
        }
        Optional<Node> found = node(uri.path());
        if (found.isEmpty()) {
            return Checked.done(TreeResult.of(StatusCode.NOT_FOUND, uri.path() + " does not exist"));
        }
        if (!allowed(uri.path(), AclCommand.EXEC, serverId)) {
            return Checked.done(denied(AclCommand.EXEC, uri.path(), serverId));
        }
        ManagedObject mo = mountBelow(uri.path());
        return mo == null
                ? Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, uri.path() + " is not executable"))
                : served(mo, uri.path(), () -> mo.exec(uri.path(), data, correlator));
    }

    /** Copy a leaf's value onto another leaf, creating it if need be (spec notes §2.2). */
    public synchronized TreeResult copy(TreeUri target, TreeUri source, String serverId) {
        if (!target.isPlain() || !source.isPlain()) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Copy works on nodes, not properties");
        }
        Optional<Node> from = node(source.path());
        if (from.isEmpty()) {
            return TreeResult.of(StatusCode.NOT_FOUND, source.path() + " does not exist");
        }
        if (!allowed(source.path(), AclCommand.GET, serverId)) {
            return denied(AclCommand.GET, source.path(), serverId);
        }
        Node s = from.get();
        if (s.interior()) {
            return TreeResult.of(StatusCode.FORBIDDEN, "Copy is leaf to leaf; " + source.path() + " is interior");
        }
        Optional<Node> to = node(target.path());
        if (to.isPresent() && to.get().interior()) {
            return TreeResult.of(StatusCode.FORBIDDEN, "Copy is leaf to leaf; " + target.path() + " is interior");
        }
        return to.isPresent()
                ? replace(target, s.format(), s.type(), s.value(), serverId)
                : add(target, s.format(), s.type(), s.value(), serverId);
    }

    // ---- properties (spec notes §5.5) ----

    private TreeResult getProperty(Node n, String prop) {
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

    private TreeResult replaceProperty(Node n, String prop, byte[] value, String serverId) {
        String text = new String(value, StandardCharsets.UTF_8);
        boolean served = mountBelow(n.path()) != null;
        switch (prop) {
            case "ACL" -> {
                // §5.6: changing an ACL takes Replace on the parent (the root's own ACL: Replace on the root).
                NodePath governing = n.path().isRoot() ? n.path() : n.path().parent();
                if (!allowed(governing, AclCommand.REPLACE, serverId)) {
                    return denied(AclCommand.REPLACE, governing, serverId);
                }
                Optional<Acl> acl = Acl.parse(text);
                if (acl.isEmpty()) {
                    return TreeResult.of(StatusCode.BAD_REQUEST, "ACL '" + text + "' breaks the ACL grammar");
                }
                if (n.path().isRoot() && acl.get().isEmpty()) {
                    return TreeResult.of(StatusCode.BAD_REQUEST, "the root ACL always has a value");
                }
                if (served) {
                    return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, n.path() + " is served by the gateway");
                }
                write(n.withAcl(acl.get().toString()));
                return TreeResult.of(StatusCode.OK);
            }
            case "Title" -> {
                if (!allowed(n.path(), AclCommand.REPLACE, serverId)) {
                    return denied(AclCommand.REPLACE, n.path(), serverId);
                }
                if (value.length > 255) {
                    return TreeResult.of(StatusCode.REQUEST_ENTITY_TOO_LARGE, "a Title has at most 255 bytes");
                }
                if (served) {
                    return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, n.path() + " is served by the gateway");
                }
                write(n.withTitle(text));
                return TreeResult.of(StatusCode.OK);
            }
            case "Name" -> {
                if (!allowed(n.path(), AclCommand.REPLACE, serverId)) {
                    return denied(AclCommand.REPLACE, n.path(), serverId);
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

    private TreeResult rename(Node n, String newName, boolean served) {
        if (n.path().isRoot() || served || n.permanent() || mounts.containsKey(n.path())) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, n.path() + " cannot be renamed");
        }
        if (!NodePath.isValidName(newName)) {
            return TreeResult.of(StatusCode.BAD_REQUEST, "'" + newName + "' is not a node name");
        }
        NodePath target = n.path().parent().child(newName);
        if (node(target).isPresent()) {
            return TreeResult.of(StatusCode.ALREADY_EXISTS, target + " already exists");
        }
        List<NodePath> subtree = storedSubtree(n.path());
        for (NodePath p : subtree) {
            if (nodes.get(p).permanent()) {
                return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, p + " is permanent");
            }
        }
        List<Node> moved = new ArrayList<>();
        for (NodePath p : subtree) {
            List<String> rest = p.relativeTo(n.path());
            NodePath np = target;
            for (String s : rest) {
                np = np.child(s);
            }
            moved.add(nodes.get(p).movedTo(np));
        }
        for (int i = subtree.size() - 1; i >= 0; i--) {
            remove(subtree.get(i));
        }
        moved.forEach(this::write);
        return TreeResult.of(StatusCode.OK);
    }

    // ---- tree exchange (spec notes §5.7) ----

    private TreeResult list(Node top, String list, String serverId) {
        if (list.startsWith("TNDS")) {
            return tnds(top, list, serverId);
        }
        boolean withData;
        if (list.equals("Struct")) {
            withData = false;
        } else if (list.equals("StructData")) {
            withData = true;
        } else {
            return TreeResult.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "?list=" + list);
        }
        List<TreeResult.Value> values = new ArrayList<>();
        walk(top, withData, serverId, values);
        return TreeResult.ok(values);
    }

    /** {@code ?list=TNDS}, {@code TNDS+Value+ACL} (only those) or {@code TNDS-ACL} (all but those), §5.7. */
    private TreeResult tnds(Node top, String list, String serverId) {
        String rest = list.substring(4);
        Set<String> props = new LinkedHashSet<>(Tnds.PROPERTIES);
        if (!rest.isEmpty()) {
            char sign = rest.charAt(0);
            if ((sign != '+' && sign != '-') || rest.indexOf(sign == '+' ? '-' : '+') >= 0) {
                return TreeResult.of(StatusCode.BAD_REQUEST, "?list=" + list + " mixes + and - or has no sign");
            }
            Set<String> named = new LinkedHashSet<>(List.of(rest.substring(1).split("[+-]")));
            if (!Tnds.PROPERTIES.containsAll(named)) {
                return TreeResult.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "?list=" + list);
            }
            if (sign == '+') {
                props.retainAll(named);
            } else {
                props.removeAll(named);
            }
        }
        Element tree = Tnds.write(top, n -> n.interior() ? childNames(n.path()).stream()
                .map(c -> node(n.path().child(c))).flatMap(Optional::stream)
                .filter(c -> allowed(c.path(), AclCommand.GET, serverId)).toList() : List.of(), props);
        return TreeResult.ok(List.of(new TreeResult.Value(top.path() + "?list=" + list, "xml",
                Meta.TNDS_TYPE, null, tree)));
    }

    private void walk(Node n, boolean withData, String serverId, List<TreeResult.Value> out) {
        if (!allowed(n.path(), AclCommand.GET, serverId)) {
            return; // a node the server may not read is left out, with its subtree
        }
        out.add(new TreeResult.Value(n.path().toString(), n.format(), n.type(),
                withData && !n.interior() ? n.value() : null));
        if (n.interior()) {
            for (String child : childNames(n.path())) {
                node(n.path().child(child)).ifPresent(c -> walk(c, withData, serverId, out));
            }
        }
    }

    // ---- ACL (spec notes §5.6) ----

    /** Whether a server holds a right on a node, through its own ACL or the nearest ancestor's non-empty one. */
    public synchronized boolean allowed(NodePath path, AclCommand cmd, String serverId) {
        if (serverId == null) {
            return true;
        }
        for (NodePath p = path; ; p = p.parent()) {
            Optional<Node> n = node(p);
            if (n.isPresent() && !n.get().acl().isEmpty()) {
                return Acl.parse(n.get().acl()).orElse(Acl.EMPTY).allows(cmd, serverId);
            }
            if (p.isRoot()) {
                return Acl.ROOT_DEFAULT.allows(cmd, serverId);
            }
        }
    }

    private static TreeResult denied(AclCommand cmd, NodePath path, String serverId) {
        return TreeResult.of(StatusCode.PERMISSION_DENIED,
                "server " + serverId + " has no " + cmd.aclName() + " right on " + path);
    }

    // ---- helpers ----

    private TreeResult.Value valueOf(Node n) {
        if (n.interior()) {
            String names = String.join("/", childNames(n.path()));
            return new TreeResult.Value(n.path().toString(), "node", n.type(),
                    names.getBytes(StandardCharsets.UTF_8));
        }
        return new TreeResult.Value(n.path().toString(), n.format(), n.type(), n.value());
    }

    private static Optional<String> checkValue(String format, byte[] value) {
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

    /** The mount whose subtree strictly contains {@code path}, or null. */
    private ManagedObject mountBelow(NodePath path) {
        for (Map.Entry<NodePath, ManagedObject> m : mounts.entrySet()) {
            if (path.depth() > m.getKey().depth() && path.startsWith(m.getKey())) {
                return m.getValue();
            }
        }
        return null;
    }

    private NodePath nearestExisting(NodePath path) {
        NodePath p = path;
        while (!p.isRoot() && node(p).isEmpty()) {
            p = p.parent();
        }
        return p;
    }

    /** Missing ancestors become interior nodes with an empty ACL, so they inherit (spec notes §2.2). */
    private void createParents(NodePath path, String acl) {
        if (path.isRoot()) {
            return;
        }
        List<NodePath> missing = new ArrayList<>();
        for (NodePath p = path.parent(); !p.isRoot() && !nodes.containsKey(p); p = p.parent()) {
            missing.add(0, p);
        }
        for (NodePath p : missing) {
            write(Node.interior(p, acl, false));
        }
    }

    /** The stored node at {@code path} and every stored node below it, parents first. */
    private List<NodePath> storedSubtree(NodePath path) {
        List<NodePath> out = new ArrayList<>();
        for (NodePath p : nodes.tailMap(path, true).keySet()) {
            if (!p.startsWith(path)) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    private void write(Node n) {
        undo.add(new Undo(n.path(), nodes.get(n.path())));
        index(n);
    }

    private void remove(NodePath p) {
        undo.add(new Undo(p, nodes.get(p)));
        unindex(p);
    }

    private void index(Node n) {
        nodes.put(n.path(), n);
        if (!n.path().isRoot()) {
            children.computeIfAbsent(n.path().parent(), k -> new TreeSet<>()).add(n.path().name());
        }
    }

    private void unindex(NodePath p) {
        nodes.remove(p);
        children.remove(p);
        if (!p.isRoot()) {
            TreeSet<String> siblings = children.get(p.parent());
            if (siblings != null) {
                siblings.remove(p.name());
            }
        }
    }

    /** Every stored node, for diagnostics and tests. */
    public synchronized Collection<Node> storedNodes() {
        return List.copyOf(nodes.values());
    }
}
