package io.omadm.gateway.tree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tree's stored nodes in memory, indexed by path and by parent, with the undo log of the changes not yet
 * committed to the {@link TreeStore}. Not thread-safe: {@link DmTree} holds its lock around every call.
 */
final class StoredNodes {

    private final TreeMap<NodePath, Node> nodes = new TreeMap<>();
    private final Map<NodePath, TreeSet<String>> children = new LinkedHashMap<>();
    private final List<Undo> undo = new ArrayList<>();

    private record Undo(NodePath path, Node previous) {
    }

    /** What the store holds; a missing root is made (and committed with the first commit). */
    StoredNodes(Collection<Node> loaded) {
        for (Node n : loaded) {
            index(n);
        }
        if (!nodes.containsKey(NodePath.ROOT)) {
            index(new Node(NodePath.ROOT, true, null, "node", null, Acl.ROOT_DEFAULT.toString(), null,
                    System.currentTimeMillis(), 0, true));
            undo.add(new Undo(NodePath.ROOT, null));
        }
    }

    Node get(NodePath path) {
        return nodes.get(path);
    }

    boolean contains(NodePath path) {
        return nodes.containsKey(path);
    }

    List<String> childNames(NodePath path) {
        TreeSet<String> names = children.get(path);
        return names == null ? List.of() : List.copyOf(names);
    }

    /** The stored node at {@code path} and every stored node below it, parents first. */
    List<NodePath> subtree(NodePath path) {
        List<NodePath> out = new ArrayList<>();
        for (NodePath p : nodes.tailMap(path, true).keySet()) {
            if (!p.startsWith(path)) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** Missing ancestors become interior nodes with the given ACL (empty: they inherit, spec notes §2.2). */
    void createParents(NodePath path, String acl) {
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

    void write(Node n) {
        undo.add(new Undo(n.path(), nodes.get(n.path())));
        index(n);
    }

    void remove(NodePath p) {
        undo.add(new Undo(p, nodes.get(p)));
        unindex(p);
    }

    /** A point to roll back to (Atomic). */
    int mark() {
        return undo.size();
    }

    void rollbackTo(int mark) {
        for (int i = undo.size() - 1; i >= mark; i--) {
            Undo u = undo.remove(i);
            if (u.previous() == null) {
                unindex(u.path());
            } else {
                index(u.previous());
            }
        }
    }

    /** Hands every change since the last commit to the store, at once; nothing is lost if the store fails. */
    void commit(TreeStore store) {
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

    boolean hasChanges() {
        return !undo.isEmpty();
    }

    Collection<Node> all() {
        return List.copyOf(nodes.values());
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
}
