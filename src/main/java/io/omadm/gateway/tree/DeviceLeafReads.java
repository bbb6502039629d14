package io.omadm.gateway.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values of a subtree listing ({@code ?list=StructData}) whose leaves are served by devices (an adaptation-mode
 * device's Tree): read outside the tree's lock, all at once, so that an adapter sees them together (the Modbus bus
 * joins adjacent registers into one request). A leaf the device does not answer is listed without a value.
 */
final class DeviceLeafReads {

    private DeviceLeafReads() {
    }

    /** The positions of a listing's leaves that devices serve, and the managed object that serves each. */
    static Map<Integer, ManagedObject> leaves(TreeResult listed, Function<NodePath, ManagedObject> mountBelow,
            Predicate<NodePath> isLeaf) {
        Map<Integer, ManagedObject> out = new LinkedHashMap<>();
        for (int i = 0; i < listed.values().size(); i++) {
            NodePath p = NodePath.of(listed.values().get(i).uri());
            ManagedObject mo = mountBelow.apply(p);
            if (mo != null && mo.reachesDevice(p) && isLeaf.test(p)) {
                out.put(i, mo);
            }
        }
        return out;
    }

    /**
     * The listing with each device leaf's value read by its managed object.
     *
     * @param leaves the listing's positions that are device leaves, and the object that serves each
     */
    static TreeResult fill(TreeResult listed, Map<Integer, ManagedObject> leaves, Executor reads) {
        List<TreeResult.Value> values = new ArrayList<>(listed.values());
        Map<Integer, CompletableFuture<Optional<TreeResult>>> pending = new LinkedHashMap<>();
        leaves.forEach((i, mo) -> {
            NodePath path = NodePath.of(values.get(i).uri());
            pending.put(i, CompletableFuture.supplyAsync(() -> mo.read(path), reads));
        });
        pending.forEach((i, read) -> {
            TreeResult.Value listedValue = values.get(i);
            Optional<TreeResult> r = read.exceptionally(e -> Optional.empty()).join();
            byte[] bytes = r.filter(TreeResult::succeeded).filter(t -> !t.values().isEmpty())
                    .map(t -> t.values().get(0).bytes()).orElse(null);
            values.set(i, new TreeResult.Value(listedValue.uri(), listedValue.format(), listedValue.type(), bytes,
                    listedValue.tnds()));
        });
        return new TreeResult(listed.status(), values, listed.reason());
    }
}
