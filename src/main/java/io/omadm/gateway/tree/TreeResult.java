package io.omadm.gateway.tree;

import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.StatusCode;
import java.util.List;

/**
 * The outcome of one tree operation: a DM status code, what a Get returns (values in the tree's own terms), and for
 * failures a reason the session layer logs.
 */
public record TreeResult(int status, List<Value> values, String reason) {

    /**
     * One value a Get returns: the node's URI, format, type and bytes (Format "node": child names), or for
     * {@code ?list=TNDS} a whole subtree as a TNDS MgmtTree.
     */
    public record Value(String uri, String format, String type, byte[] bytes, Element tnds) {
        public Value(String uri, String format, String type, byte[] bytes) {
            this(uri, format, type, bytes, null);
        }
    }

    public TreeResult {
        values = List.copyOf(values);
    }

    public static TreeResult of(StatusCode status) {
        return new TreeResult(status.code(), List.of(), status.reason());
    }

    public static TreeResult of(StatusCode status, String reason) {
        return new TreeResult(status.code(), List.of(), reason);
    }

    public static TreeResult ok(List<Value> values) {
        return new TreeResult(StatusCode.OK.code(), values, null);
    }

    public boolean succeeded() {
        return StatusCode.isSuccess(status);
    }
}
