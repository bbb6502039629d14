package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/**
 * An element of the DM DDF vocabulary (TNDS, spec notes §5.7), as it appears inside Data. {@code name} is the DDF
 * tag name (MgmtTree, Node, NodeName, RTProperties, chr, ...). An element has either children or text, not both.
 */
public record Element(String name, List<Element> children, String text) {
    public Element {
        Objects.requireNonNull(name, "name");
        children = List.copyOf(children);
        if (text != null && text.isEmpty()) {
            text = null; // <Value/> and <Value></Value> are the same document
        }
        if (text != null && !children.isEmpty()) {
            throw new IllegalArgumentException("DDF element " + name + " cannot hold both text and children");
        }
    }

    public static Element leaf(String name, String text) {
        return new Element(name, List.of(), text);
    }

    public static Element empty(String name) {
        return new Element(name, List.of(), null);
    }

    public static Element of(String name, Element... children) {
        return new Element(name, List.of(children), null);
    }
}
