package io.omadm.gateway.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node of the management tree as it is stored: interior or leaf, its value (leaves), and its properties (spec
 * notes §5.5). {@code permanent} is the DDF Scope: permanent nodes cannot be deleted or renamed by a server.
 * {@code tstamp} is epoch milliseconds of the last change; {@code verNo} counts changes modulo 2^16.
 */
public record Node(
        NodePath path,
        boolean interior,
        byte[] value,
        String format,
        String type,
        String acl,
        String title,
        long tstamp,
        int verNo,
        boolean permanent) {

    public Node {
        Objects.requireNonNull(path, "path");
        value = value == null ? new byte[0] : value.clone();
        format = format == null ? (interior ? "node" : "chr") : format;
        acl = acl == null ? "" : acl;
    }

    public static Node interior(NodePath path, String acl, boolean permanent) {
        return new Node(path, true, null, "node", null, acl, null, System.currentTimeMillis(), 0, permanent);
    }

    public static Node leaf(NodePath path, String value, String format, String type, String acl, boolean permanent) {
        return new Node(path, false, value.getBytes(StandardCharsets.UTF_8), format, type, acl, null,
                System.currentTimeMillis(), 0, permanent);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int size() {
        return value.length;
    }

    public String valueAsText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** This node with a new value and the change stamped: TStamp now, VerNo + 1 (wrapping at 16 bits). */
    public Node withValue(byte[] newValue, String newFormat, String newType) {
        return new Node(path, interior, newValue, newFormat == null ? format : newFormat,
                newType == null ? type : newType, acl, title, System.currentTimeMillis(), (verNo + 1) & 0xFFFF,
                permanent);
    }

    public Node withAcl(String newAcl) {
        return new Node(path, interior, value, format, type, newAcl, title, System.currentTimeMillis(), verNo,
                permanent);
    }

    public Node withTitle(String newTitle) {
        return new Node(path, interior, value, format, type, acl, newTitle, System.currentTimeMillis(), verNo,
                permanent);
    }

    public Node movedTo(NodePath newPath) {
        return new Node(newPath, interior, value, format, type, acl, title, tstamp, verNo, permanent);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && interior == n.interior && tstamp == n.tstamp && verNo == n.verNo
                && permanent == n.permanent && path.equals(n.path) && Arrays.equals(value, n.value)
                && format.equals(n.format) && Objects.equals(type, n.type) && acl.equals(n.acl)
                && Objects.equals(title, n.title);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, interior, Arrays.hashCode(value), format, type, acl, title, tstamp, verNo);
    }
}
