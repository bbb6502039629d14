package io.omadm.gateway.gwmo;

import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.InventorySummary;
import io.omadm.gateway.inventory.NodeNames;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ./GwMO/DevInventorySummary (GwMO-DI-002): Count, Attached, Detached, Pending, ByMode/&lt;m&gt;, ByModel/&lt;m&gt;;
 * read-only.
 */
public final class SummaryObject implements ManagedObject {

    private final NodePath root;
    private final Inventory inventory;

    public SummaryObject(NodePath root, Inventory inventory) {
        this.root = root;
        this.inventory = inventory;
    }

    @Override
    public Optional<Node> node(NodePath path) {
        List<String> rel = path.relativeTo(root);
        InventorySummary s = inventory.summary();
        if (rel.size() == 1) {
            return switch (rel.get(0)) {
                case "Count" -> count(path, s.count());
                case "Attached" -> count(path, s.attached());
                case "Detached" -> count(path, s.detached());
                case "Pending" -> count(path, s.pending());
                case "ByMode", "ByModel" -> Optional.of(Node.interior(path, "", true));
                default -> Optional.empty();
            };
        }
        if (rel.size() == 2) {
            Map<String, Long> by = rel.get(0).equals("ByMode") ? s.byMode()
                    : rel.get(0).equals("ByModel") ? s.byModel() : Map.of();
            Long n = by.get(NodeNames.devId(rel.get(1)));
            return n == null ? Optional.empty() : count(path, n);
        }
        return Optional.empty();
    }

    private static Optional<Node> count(NodePath path, long n) {
        return Optional.of(Node.leaf(path, Long.toString(n), "int", "text/plain", "", true));
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.isEmpty()) {
            return List.of("Count", "Attached", "Detached", "Pending", "ByMode", "ByModel");
        }
        if (rel.size() == 1 && (rel.get(0).equals("ByMode") || rel.get(0).equals("ByModel"))) {
            InventorySummary s = inventory.summary();
            return (rel.get(0).equals("ByMode") ? s.byMode() : s.byModel()).keySet().stream()
                    .map(NodeNames::of).toList();
        }
        return List.of();
    }
}
