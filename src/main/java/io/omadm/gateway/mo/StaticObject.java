package io.omadm.gateway.mo;

import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only subtree whose leaves are fixed by the gateway (DevInfo, DevDetail): Replace, Add and Delete are 405,
 * as for any node without those access types. Interior nodes are implied by the leaf paths.
 */
public final class StaticObject implements ManagedObject {

    /** One leaf: relative path below the mount ("URI/MaxDepth"), value and DM format. */
    public record Leaf(String path, String value, String format) {
    }

    private final NodePath root;
    private final Map<NodePath, Leaf> leaves = new LinkedHashMap<>();

    public StaticObject(NodePath root, List<Leaf> leaves) {
        this.root = root;
        for (Leaf l : leaves) {
            NodePath p = root;
            for (String s : l.path().split("/")) {
                p = p.child(s);
            }
            this.leaves.put(p, l);
        }
    }

    @Override
    public Optional<Node> node(NodePath path) {
        Leaf leaf = leaves.get(path);
        if (leaf != null) {
            return Optional.of(Node.leaf(path, leaf.value() == null ? "" : leaf.value(), leaf.format(), "text/plain",
                    "", true));
        }
        return isInterior(path) ? Optional.of(Node.interior(path, "", true)) : Optional.empty();
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> names = new ArrayList<>();
        for (NodePath p : leaves.keySet()) {
            for (NodePath q = p; q.depth() > path.depth(); q = q.parent()) {
                if (q.parent().equals(path) && !names.contains(q.name())) {
                    names.add(q.name());
                }
            }
        }
        return names;
    }

    private boolean isInterior(NodePath path) {
        if (path.equals(root)) {
            return true;
        }
        return leaves.keySet().stream().anyMatch(p -> p.depth() > path.depth() && p.startsWith(path));
    }
}
