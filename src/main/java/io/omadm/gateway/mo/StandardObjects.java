package io.omadm.gateway.mo;

import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.util.List;

/**
 * Mounts the standard DM objects the gateway serves itself: ./DevInfo (urn:oma:mo:oma-dm-devinfo:1.0) and
 * ./DevDetail (urn:oma:mo:oma-dm-devdetail:1.0), readable by every server, and the ./DMAcc root.
 */
public final class StandardObjects {

    public static final NodePath DEV_INFO = NodePath.of("./DevInfo");
    public static final NodePath DEV_DETAIL = NodePath.of("./DevDetail");
    public static final NodePath DM_ACC = NodePath.of("./DMAcc");

    private StandardObjects() {
    }

    public static void mount(DmTree tree, GatewayIdentity id) {
        ensure(tree, DEV_INFO, "urn:oma:mo:oma-dm-devinfo:1.0");
        ensure(tree, DEV_DETAIL, "urn:oma:mo:oma-dm-devdetail:1.0");
        if (tree.node(DM_ACC).isEmpty()) {
            // Accounts are read and changed by their own server (ACLs on each account); only the gateway adds them.
            tree.put(new Node(DM_ACC, true, null, "node", "urn:oma:mo:oma-dm-dmacc:1.0", "Get=*", null,
                    System.currentTimeMillis(), 0, true));
        }
        tree.commit();
        tree.mount(DEV_INFO, new StaticObject(DEV_INFO, id.devInfo().entrySet().stream()
                .map(e -> new StaticObject.Leaf(e.getKey(), e.getValue(), "chr")).toList()));
        tree.mount(DEV_DETAIL, new StaticObject(DEV_DETAIL, List.of(
                new StaticObject.Leaf("URI/MaxDepth", Integer.toString(NodePath.MAX_DEPTH), "chr"),
                new StaticObject.Leaf("URI/MaxTotLen", Integer.toString(NodePath.MAX_TOTAL_LENGTH), "chr"),
                new StaticObject.Leaf("URI/MaxSegLen", Integer.toString(NodePath.MAX_SEGMENT_LENGTH), "chr"),
                new StaticObject.Leaf("DevTyp", id.devTyp(), "chr"),
                new StaticObject.Leaf("OEM", id.oem(), "chr"),
                new StaticObject.Leaf("FwV", id.fwV(), "chr"),
                new StaticObject.Leaf("SwV", id.swV(), "chr"),
                new StaticObject.Leaf("HwV", id.hwV(), "chr"),
                new StaticObject.Leaf("LrgObj", "true", "bool"))));
    }

    private static void ensure(DmTree tree, NodePath path, String moid) {
        if (tree.node(path).isEmpty()) {
            tree.put(new Node(path, true, null, "node", moid, "Get=*", null, System.currentTimeMillis(), 0, true));
        }
    }
}
