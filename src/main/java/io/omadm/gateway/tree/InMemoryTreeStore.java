package io.omadm.gateway.tree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A store that keeps nothing across restarts: for tests and for code that needs a scratch tree. */
public final class InMemoryTreeStore implements TreeStore {

    private final Map<NodePath, Node> nodes = new ConcurrentHashMap<>();
    private int commits;

    @Override
    public List<Node> loadAll() {
        return new ArrayList<>(nodes.values());
    }

    @Override
    public synchronized void commit(Collection<Node> upserts, Collection<NodePath> deletes) {
        deletes.forEach(nodes::remove);
        upserts.forEach(n -> nodes.put(n.path(), n));
        commits++;
    }

    public synchronized int commits() {
        return commits;
    }
}
