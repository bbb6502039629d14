package io.omadm.gateway.tree;

import java.util.Collection;
import java.util.List;

/**
 * Where the tree's nodes are kept across restarts. The tree holds every node in memory and hands the store each
 * committed change; a store must make a whole {@link #commit} durable before it returns, or none of it (the server
 * is told 200 only after that).
 */
public interface TreeStore {

    /** Every stored node, in any order. */
    List<Node> loadAll();

    /**
     * Applies one batch atomically: {@code upserts} replace the nodes at their paths, {@code deletes} remove the
     * nodes at those paths (only those paths; the tree lists every node of a deleted subtree).
     */
    void commit(Collection<Node> upserts, Collection<NodePath> deletes);
}
