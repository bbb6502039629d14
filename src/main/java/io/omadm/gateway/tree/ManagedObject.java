package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.StatusCode;
import java.util.List;
import java.util.Optional;

/**
 * A subtree whose nodes and commands are served by code rather than stored: DevInfo from configuration, the GwMO
 * objects from the inventory, device trees behind the gateway from their adapters. It is mounted at a stored
 * interior node whose ACL governs it (inherited as usual); the tree checks ACLs before it calls in, so a handler
 * only says what the node is and what a command does. Paths given to it lie strictly below the mount.
 */
public interface ManagedObject {

    /**
     * Whether commands on this path wait on a device (its adapter, its next session): the tree then calls them without
     * holding its lock, so that one slow device does not hold up every other session and API call; such a handler
     * must be safe to call from several threads at once. Node and child lookups are always made under the lock.
     */
    default boolean reachesDevice(NodePath path) {
        return false;
    }

    /** The node at a path, or empty when there is none. */
    Optional<Node> node(NodePath path);

    /** The names of the children of an interior node (the mount itself included). */
    List<String> children(NodePath path);

    /**
     * The value of a leaf for a Get, when reading it costs more than describing it (a value fetched from a device);
     * empty: the value is the node's own.
     */
    default Optional<TreeResult> read(NodePath path) {
        return Optional.empty();
    }

    default TreeResult replace(NodePath path, byte[] value, String format, String type) {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED);
    }

    /**
     * A sink for a large object replacing the leaf at {@code path}, taken chunk by chunk instead of whole in memory;
     * empty (the default): the session assembles the value, up to its in-memory limit, and calls {@link #replace}.
     */
    default Optional<ValueSink> sink(NodePath path, String format, Long declaredSize) {
        return Optional.empty();
    }

    default TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED);
    }

    default TreeResult delete(NodePath path) {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED);
    }

    /** Exec: 200 when done, 202 when it goes on in the background and reports with the correlator later. */
    default TreeResult exec(NodePath path, byte[] data, String correlator) {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED);
    }
}
