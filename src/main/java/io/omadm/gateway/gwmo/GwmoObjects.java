package io.omadm.gateway.gwmo;

import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.southbound.DeviceBootstrapper;
import io.omadm.gateway.southbound.ProxyRelay;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.transparent.TriggerForwarder;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.util.List;

/**
 * Puts the GwMO management objects in the tree (DESIGN §3.3): ./GwMO with rights for the gateway's DM servers, and
 * GwConfig, DevInventory, DevInventorySummary, Groups, EDTrigger, Fanout, ImageInventory and Bootstrap mounted below it,
 * each with its (provisional) MOID.
 */
public final class GwmoObjects {
    private GwmoObjects() {
    }

    /** @param serverIds the DM servers that manage the gateway: they get every right on ./GwMO */
    public static void mount(DmTree tree, GwConfig config, Inventory inventory, Dispatcher dispatcher,
            ProxyRelay relay, TriggerForwarder forwarder, FanoutJobs fanouts, Images images,
            DeviceBootstrapper bootstrapper, List<String> serverIds) {
        String ids = serverIds.isEmpty() ? "*" : String.join("+", serverIds);
        String acl = serverIds.isEmpty() ? "Get=*"
                : "Add=" + ids + "&Delete=" + ids + "&Exec=" + ids + "&Get=" + ids + "&Replace=" + ids;
        NodePath root = NodePath.of(GwmoNames.ROOT);
        // The gateway owns this ACL: it follows the accounts it has at each start.
        tree.put(tree.node(root).map(n -> n.withAcl(acl)).orElse(Node.interior(root, acl, true)));
        mountPoint(tree, GwmoNames.GW_CONFIG, GwmoNames.MOID_GW_CONFIG);
        mountPoint(tree, GwmoNames.DEV_INVENTORY, GwmoNames.MOID_DEV_INVENTORY);
        mountPoint(tree, GwmoNames.DEV_INVENTORY_SUMMARY, GwmoNames.MOID_DEV_INVENTORY_SUMMARY);
        mountPoint(tree, GwmoNames.GROUPS, GwmoNames.MOID_GROUPS);
        mountPoint(tree, GwmoNames.ED_TRIGGER, GwmoNames.MOID_ED_TRIGGER);
        mountPoint(tree, GwmoNames.FANOUT, GwmoNames.MOID_FANOUT);
        mountPoint(tree, GwmoNames.IMAGE_INVENTORY, GwmoNames.MOID_IMAGE_INVENTORY);
        mountPoint(tree, GwmoNames.BOOTSTRAP, GwmoNames.MOID_BOOTSTRAP);
        tree.commit();
        tree.mount(NodePath.of(GwmoNames.GW_CONFIG), config);
        tree.mount(NodePath.of(GwmoNames.DEV_INVENTORY), new DevInventoryObject(NodePath.of(GwmoNames.DEV_INVENTORY),
                inventory, dispatcher, relay));
        tree.mount(NodePath.of(GwmoNames.DEV_INVENTORY_SUMMARY), new SummaryObject(
                NodePath.of(GwmoNames.DEV_INVENTORY_SUMMARY), inventory));
        tree.mount(NodePath.of(GwmoNames.GROUPS), new GroupsObject(NodePath.of(GwmoNames.GROUPS), inventory.store()));
        tree.mount(NodePath.of(GwmoNames.ED_TRIGGER), new EDTriggerObject(NodePath.of(GwmoNames.ED_TRIGGER),
                forwarder));
        tree.mount(NodePath.of(GwmoNames.FANOUT), new FanoutObject(NodePath.of(GwmoNames.FANOUT), fanouts));
        tree.mount(NodePath.of(GwmoNames.IMAGE_INVENTORY), new ImageInventoryObject(
                NodePath.of(GwmoNames.IMAGE_INVENTORY), images));
        tree.mount(NodePath.of(GwmoNames.BOOTSTRAP), new BootstrapObject(NodePath.of(GwmoNames.BOOTSTRAP),
                bootstrapper));
    }

    private static void mountPoint(DmTree tree, String path, String moid) {
        NodePath p = NodePath.of(path);
        if (tree.node(p).isEmpty()) {
            tree.put(new Node(p, true, null, "node", moid, "", null, System.currentTimeMillis(), 0, true));
        }
    }
}
