package io.omadm.gateway.testing;

import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.TreeResult;
import io.omadm.gateway.tree.TreeUri;
import java.nio.charset.StandardCharsets;

/** Reads from the gateway's tree as the server would, without a session. */
public final class TreeReads {

    private TreeReads() {
    }

    /** The node's value as text, or "status N" when the Get is refused, so a test can assert either in one line. */
    public static String value(DmTree tree, String uri) {
        TreeResult r = tree.get(TreeUri.parse(uri).orElseThrow(), null);
        return r.status() == 200 ? new String(r.values().get(0).bytes(), StandardCharsets.UTF_8) : "status " + r.status();
    }
}
