package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.StatusCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tree exchange (spec notes §5.7): {@code ?list=Struct}, {@code StructData} and {@code TNDS} (with
 * {@code +}/{@code -} properties) of a subtree, leaving out the nodes the server may not read. Runs under the tree's
 * lock, reading through the tree's own methods.
 */
final class TreeListing {

    private final DmTree tree;

    TreeListing(DmTree tree) {
        this.tree = tree;
    }

    TreeResult list(Node top, String list, String serverId) {
        if (list.startsWith("TNDS")) {
            return tnds(top, list, serverId);
        }
        boolean withData;
        if (list.equals("Struct")) {
            withData = false;
        } else if (list.equals("StructData")) {
            withData = true;
        } else {
            return TreeResult.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "?list=" + list);
        }
        List<TreeResult.Value> values = new ArrayList<>();
        walk(top, withData, serverId, values);
        return TreeResult.ok(values);
    }

    /** {@code ?list=TNDS}, {@code TNDS+Value+ACL} (only those) or {@code TNDS-ACL} (all but those), §5.7. */
    private TreeResult tnds(Node top, String list, String serverId) {
        String rest = list.substring(4);
        Set<String> props = new LinkedHashSet<>(Tnds.PROPERTIES);
        if (!rest.isEmpty()) {
            char sign = rest.charAt(0);
            if ((sign != '+' && sign != '-') || rest.indexOf(sign == '+' ? '-' : '+') >= 0) {
                return TreeResult.of(StatusCode.BAD_REQUEST, "?list=" + list + " mixes + and - or has no sign");
            }
            Set<String> named = new LinkedHashSet<>(List.of(rest.substring(1).split("[+-]")));
            if (!Tnds.PROPERTIES.containsAll(named)) {
                return TreeResult.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "?list=" + list);
            }
            if (sign == '+') {
                props.retainAll(named);
            } else {
                props.removeAll(named);
            }
        }
        Element written = Tnds.write(top, n -> n.interior() ? tree.childNames(n.path()).stream()
                .map(c -> tree.node(n.path().child(c))).flatMap(Optional::stream)
                .filter(c -> tree.allowed(c.path(), AclCommand.GET, serverId)).toList() : List.of(), props);
        return TreeResult.ok(List.of(new TreeResult.Value(top.path() + "?list=" + list, "xml",
                Meta.TNDS_TYPE, null, written)));
    }

    private void walk(Node n, boolean withData, String serverId, List<TreeResult.Value> out) {
        if (!tree.allowed(n.path(), AclCommand.GET, serverId)) {
            return; // a node the server may not read is left out, with its subtree
        }
        out.add(new TreeResult.Value(n.path().toString(), n.format(), n.type(),
                withData && !n.interior() ? n.value() : null));
        if (n.interior()) {
            for (String child : tree.childNames(n.path())) {
                tree.node(n.path().child(child)).ifPresent(c -> walk(c, withData, serverId, out));
            }
        }
    }
}
