package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Element;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a TNDS tree (spec notes §5.7, the DDF vocabulary as instance data) into the nodes it describes: each Node
 * with its NodeName, an optional Path naming its parent, RTProperties (Format, Type as MIME or DDFName, ACL, Title)
 * and a Value for leaves; nested Nodes are children.
 */
public final class Tnds {
    private Tnds() {
    }

    /** A node of the tree with the MOID of an interior root (Type DDFName), if it has one. */
    public record Described(Node node, String ddfName) {
    }

    /** The nodes of a MgmtTree, parents before children; {@code base} is where Nodes without a Path go. */
    public static List<Described> nodes(Element mgmtTree, NodePath base) {
        if (!mgmtTree.name().equals("MgmtTree")) {
            throw new IllegalArgumentException("a TNDS tree starts with MgmtTree, not " + mgmtTree.name());
        }
        List<Described> out = new ArrayList<>();
        for (Element child : mgmtTree.children()) {
            if (child.name().equals("Node")) {
                node(child, base, out);
            }
        }
        return out;
    }

    private static void node(Element e, NodePath parent, List<Described> out) {
        String name = child(e, "NodeName").map(Element::text).orElseThrow(
                () -> new IllegalArgumentException("a TNDS Node without NodeName below " + parent));
        NodePath at = child(e, "Path").map(Element::text).flatMap(NodePath::parse).orElse(parent);
        NodePath path = at.child(name);
        Optional<Element> rt = child(e, "RTProperties");
        String format = rt.flatMap(r -> child(r, "Format")).flatMap(f -> f.children().stream().findFirst())
                .map(Element::name).orElse(child(e, "Value").isPresent() ? "chr" : "node");
        Optional<Element> type = rt.flatMap(r -> child(r, "Type"));
        String mime = type.flatMap(t -> child(t, "MIME")).map(Element::text).orElse(null);
        String ddfName = type.flatMap(t -> child(t, "DDFName")).map(Element::text).orElse(null);
        String acl = rt.flatMap(r -> child(r, "ACL")).map(Element::text).orElse("");
        String title = rt.flatMap(r -> child(r, "Title")).map(Element::text).orElse(null);
        boolean interior = format.equals("node");
        byte[] value = interior ? null : child(e, "Value").map(Element::text).orElse("")
                .getBytes(StandardCharsets.UTF_8);
        out.add(new Described(new Node(path, interior, value, format, interior ? ddfName : mime, acl, title,
                System.currentTimeMillis(), 0, false), ddfName));
        for (Element c : e.children()) {
            if (c.name().equals("Node")) {
                node(c, path, out);
            }
        }
    }

    private static Optional<Element> child(Element e, String name) {
        return e.children().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
