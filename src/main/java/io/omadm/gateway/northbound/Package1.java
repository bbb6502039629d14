package io.omadm.gateway.northbound;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.util.ArrayList;
import java.util.List;

/** The gateway's Package 1 (spec notes §2.5): the session's Alert, its DevInfo, and the Generic Alerts it carries. */
final class Package1 {

    private static final NodePath DEV_INFO = NodePath.of("./DevInfo");

    private Package1() {
    }

    static List<Command> of(DmTree tree, int alertCode, List<Command> genericAlerts) {
        List<Command> cmds = new ArrayList<>();
        cmds.add(Alert.of("0", alertCode));
        // one Item per ./DevInfo leaf, as the tree has them
        List<Item> info = new ArrayList<>();
        for (String name : tree.childNames(DEV_INFO)) {
            tree.node(DEV_INFO.child(name)).filter(n -> !n.interior()).ifPresent(n -> info.add(new Item(null,
                    Location.of(n.path().toString()), Meta.format(n.format()).withType(n.type()),
                    Data.text(n.valueAsText()), false)));
        }
        cmds.add(new ItemCommand(ItemCommand.Verb.REPLACE, "0", false, null, null, null, info));
        cmds.addAll(genericAlerts);
        return cmds;
    }

    /** ./DevInfo/DevId: the gateway's Source in every message. */
    static String devId(DmTree tree) {
        return tree.node(DEV_INFO.child("DevId")).map(Node::valueAsText)
                .orElseThrow(() -> new IllegalStateException("the tree has no ./DevInfo/DevId"));
    }
}
