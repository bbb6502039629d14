package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
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

    private final TreeStore store;
    private final StoredNodes stored;
    private final Map<NodePath, ManagedObject> mounts = new LinkedHashMap<>();
    private final TreeListing listing = new TreeListing(this);
    private final NodeProperties properties;
    private volatile Executor deviceReads = Runnable::run; // one after the other until the gateway gives a pool

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
        this.stored = new StoredNodes(store.loadAll());
        this.properties = new NodeProperties(this, stored);
    }

    // ---- setup by the gateway ----

    /** Where the leaves of a device's subtree are read, all at once, for a {@code ?list=StructData}. */
    public void deviceReads(Executor reads) {
        this.deviceReads = reads;
    }

    /** Serves the subtree below {@code path} (an existing stored interior node) by code. */
    public synchronized void mount(NodePath path, ManagedObject mo) {
        Node n = stored.get(path);
        if (n == null || !n.interior()) {
            throw new IllegalArgumentException("mount point " + path + " must be a stored interior node");
        }
        mounts.put(path, mo);
    }

    /** Creates or overwrites a stored node as the gateway (no ACL), creating missing parents. */
    public synchronized void put(Node node) {
        stored.createParents(node.path(), null);
        stored.write(node);
    }

    /** The node at a path, stored or served, without ACL checks. */
    public synchronized Optional<Node> node(NodePath path) {
        ManagedObject mo = mountBelow(path);
        return mo != null ? mo.node(path) : Optional.ofNullable(stored.get(path));
    }

    /** Whether a path is where a subtree served by code is mounted. */
    synchronized boolean isMountPoint(NodePath path) {
        return mounts.containsKey(path);
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
        return stored.childNames(path);
    }

    // ---- transactions ----

    /** A point to roll back to (Atomic). */
    public synchronized int mark() {
        return stored.mark();
    }

    public synchronized void rollbackTo(int mark) {
        stored.rollbackTo(mark);
    }

    /** Drops every change since the last commit. */
    public synchronized void rollback() {
        stored.rollbackTo(0);
    }

    /** Makes every change since the last commit durable, at once; nothing is lost if the store fails. */
    public synchronized void commit() {
        stored.commit(store);
    }

    public synchronized boolean hasUncommittedChanges() {
        return stored.hasChanges();
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
            return Checked.done(NodeProperties.get(n, uri.property()));
        }
        if (uri.list() != null) {
            TreeResult listed = listing.list(n, uri.list(), serverId);
            Map<Integer, ManagedObject> fromDevices = uri.list().equals("StructData") && listed.succeeded()
                    ? DeviceLeafReads.leaves(listed, this::mountBelow, p -> node(p).filter(x -> !x.interior())
                    .isPresent()) : Map.of();
            return fromDevices.isEmpty() ? Checked.done(listed)
                    : new Checked(null, () -> DeviceLeafReads.fill(listed, fromDevices, deviceReads));
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
        if (!NodeProperties.FORMATS.contains(fmt)) {
            return Checked.done(TreeResult.of(StatusCode.UNSUPPORTED_MEDIA_TYPE, "unknown format " + fmt));
        }
        Optional<String> bad = NodeProperties.checkValue(fmt, value);
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
        stored.createParents(path, null);
        stored.write(new Node(path, interior, interior ? null : value, fmt, type, acl, null, System.currentTimeMillis(), 0,
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
            return Checked.done(properties.replace(found.get(), uri.property(), value, serverId,
                    mountBelow(found.get().path()) != null));
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
        if (!NodeProperties.FORMATS.contains(fmt) || fmt.equals("node")) {
            return Checked.done(TreeResult.of(StatusCode.UNSUPPORTED_MEDIA_TYPE, "format " + fmt
                    + " for a leaf"));
        }
        Optional<String> bad = NodeProperties.checkValue(fmt, value);
        if (bad.isPresent()) {
            return Checked.done(TreeResult.of(StatusCode.BAD_REQUEST, bad.get()));
        }
        ManagedObject mo = mountBelow(n.path());
        if (mo != null) {
            return served(mo, n.path(), () -> mo.replace(n.path(), value, fmt, type));
        }
        stored.write(n.withValue(value, fmt, type));
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
        List<NodePath> subtree = stored.subtree(path);
        for (NodePath p : subtree) {
            if (stored.get(p).permanent() || mounts.containsKey(p)) {
                return Checked.done(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, p + " is permanent"));
            }
        }
        for (int i = subtree.size() - 1; i >= 0; i--) {
            stored.remove(subtree.get(i));
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

    static TreeResult denied(AclCommand cmd, NodePath path, String serverId) {
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

    /** Every stored node, for diagnostics and tests. */
    public synchronized Collection<Node> storedNodes() {
        return stored.all();
    }
}
