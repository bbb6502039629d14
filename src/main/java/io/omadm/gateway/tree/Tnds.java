package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Element;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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

    /** The properties a TNDS Node can carry besides its Value (§5.7); NodeName is always there. */
    public static final List<String> PROPERTIES = List.of("ACL", "Format", "Type", "Title", "TStamp", "VerNo",
            "Size", "Value");

    /**
     * Writes a subtree as TNDS: the top Node with a Path naming its parent, each node with the {@code properties}
     * asked for ("Value" for leaf values). {@code children} gives the nodes below a node, as the caller may see them.
     */
    public static Element write(Node top, Function<Node, List<Node>> children,
            Set<String> properties) {
        List<Element> content = new ArrayList<>();
        content.add(Element.leaf("VerDTD", "1.2"));
        content.add(node(top, children, properties, true));
        return new Element("MgmtTree", content, null);
    }

    private static Element node(Node n, Function<Node, List<Node>> children,
            Set<String> properties, boolean top) {
        List<Element> parts = new ArrayList<>();
        parts.add(Element.leaf("NodeName", n.path().isRoot() ? "." : n.path().name()));
        if (top && !n.path().isRoot()) {
            parts.add(Element.leaf("Path", n.path().parent().toString()));
        }
        List<Element> rt = new ArrayList<>();
        if (properties.contains("ACL")) {
            rt.add(Element.leaf("ACL", n.acl()));
        }
        if (properties.contains("Format")) {
            rt.add(Element.of("Format", Element.empty(n.format())));
        }
        if (properties.contains("Type") && n.type() != null) {
            rt.add(Element.of("Type", Element.leaf(n.interior() ? "DDFName" : "MIME", n.type())));
        }
        if (properties.contains("Title") && n.title() != null) {
            rt.add(Element.leaf("Title", n.title()));
        }
        if (properties.contains("TStamp")) {
            rt.add(Element.leaf("TStamp", DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(n.tstamp()))));
        }
        if (properties.contains("VerNo")) {
            rt.add(Element.leaf("VerNo", Integer.toString(n.verNo())));
        }
        if (properties.contains("Size") && !n.interior()) {
            rt.add(Element.leaf("Size", Integer.toString(n.size())));
        }
        if (!rt.isEmpty()) {
            parts.add(new Element("RTProperties", rt, null));
        }
        if (properties.contains("Value") && !n.interior()) {
            parts.add(Element.leaf("Value", n.valueAsText()));
        }
        for (Node c : children.apply(n)) {
            parts.add(node(c, children, properties, false));
        }
        return new Element("Node", parts, null);
    }

    private static Optional<Element> child(Element e, String name) {
        return e.children().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
