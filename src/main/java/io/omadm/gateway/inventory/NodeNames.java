package io.omadm.gateway.inventory;

import io.omadm.gateway.tree.NodePath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A DevId as a node name under ./GwMO/DevInventory (DESIGN §3.3): itself when it is a valid node name, else a
 * stable, reversible escaped form: '%', '/' and '?' are percent-encoded, and "." and ".." become "%2E" and "%2E%2E".
 */
public final class NodeNames {
    private NodeNames() {
    }

    public static String of(String devId) {
        if (NodePath.isValidName(devId) && devId.indexOf('%') < 0) {
            return devId;
        }
        if (devId.equals(".") || devId.equals("..")) {
            return devId.replace(".", "%2E");
        }
        StringBuilder sb = new StringBuilder();
        for (char c : devId.toCharArray()) {
            switch (c) {
                case '%' -> sb.append("%25");
                case '/' -> sb.append("%2F");
                case '?' -> sb.append("%3F");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The DevId a node name stands for. */
    public static String devId(String nodeName) {
        if (nodeName.indexOf('%') < 0) {
            return nodeName;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = nodeName.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length) {
                out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
