package io.omadm.gateway.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The absolute path of a node in the management tree: "." is the root, "./DevInfo/DevId" a leaf. Relative URIs
 * ("DevInfo/DevId") are read from the root, as DM 1.2 accepts them (spec notes §2.1). Segments are never empty,
 * "." or "..", and never hold "/" or "?".
 */
public record NodePath(List<String> segments) implements Comparable<NodePath> {

    public static final NodePath ROOT = new NodePath(List.of());
    /** DevDetail/URI/MaxDepth etc. advertise these; longer paths get 414. */
    public static final int MAX_DEPTH = 32;
    public static final int MAX_TOTAL_LENGTH = 1024;
    public static final int MAX_SEGMENT_LENGTH = 128;

    public NodePath {
        segments = List.copyOf(segments);
    }

    /** The path a URI names, or empty when it is not a valid node path. */
    public static Optional<NodePath> parse(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > MAX_TOTAL_LENGTH || uri.indexOf('?') >= 0) {
            return Optional.empty();
        }
        String rest;
        if (uri.equals(".") || uri.equals("./")) {
            return Optional.of(ROOT);
        } else if (uri.startsWith("./")) {
            rest = uri.substring(2);
        } else if (uri.startsWith("/")) {
            return Optional.empty();
        } else {
            rest = uri;
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1); // "./DMAcc/" names ./DMAcc
        }
        List<String> segs = new ArrayList<>();
        for (String s : rest.split("/", -1)) {
            if (!isValidName(s)) {
                return Optional.empty();
            }
            segs.add(s);
        }
        return segs.size() > MAX_DEPTH ? Optional.empty() : Optional.of(new NodePath(segs));
    }

    public static NodePath of(String uri) {
        return parse(uri).orElseThrow(() -> new IllegalArgumentException("not a node path: " + uri));
    }

    public static boolean isValidName(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('?') < 0
                && s.length() <= MAX_SEGMENT_LENGTH;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public int depth() {
        return segments.size();
    }

    public String name() {
        return isRoot() ? "." : segments.get(segments.size() - 1);
    }

    public NodePath parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root has no parent");
        }
        return new NodePath(segments.subList(0, segments.size() - 1));
    }

    public NodePath child(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not a node name: " + name);
        }
        List<String> segs = new ArrayList<>(segments);
        segs.add(name);
        return new NodePath(segs);
    }

    /** Whether this path is {@code other} or lies below it. */
    public boolean startsWith(NodePath other) {
        return segments.size() >= other.segments.size()
                && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    /** The part of this path below {@code ancestor}, as segments. */
    public List<String> relativeTo(NodePath ancestor) {
        if (!startsWith(ancestor)) {
            throw new IllegalArgumentException(this + " is not below " + ancestor);
        }
        return segments.subList(ancestor.segments.size(), segments.size());
    }

    @Override
    public String toString() {
        return isRoot() ? "." : "./" + String.join("/", segments);
    }

    /** Depth-first order: a node comes right before its subtree. */
    @Override
    public int compareTo(NodePath o) {
        int n = Math.min(segments.size(), o.segments.size());
        for (int i = 0; i < n; i++) {
            int c = segments.get(i).compareTo(o.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), o.segments.size());
    }
}
