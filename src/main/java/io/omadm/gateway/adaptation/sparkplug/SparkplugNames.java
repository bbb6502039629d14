package io.omadm.gateway.adaptation.sparkplug;

/**
 * The DevId of a Sparkplug edge node ({@code spb:<group>:<edge node>}) or device
 * ({@code spb:<group>:<edge node>:<device>}). Sparkplug ids may hold ':' themselves, so '%' and ':' in each id are
 * percent-encoded: two different edge nodes or devices never get the same DevId, and a DevId gives its ids back.
 */
final class SparkplugNames {

    static final String PREFIX = "spb:";

    private SparkplugNames() {
    }

    static String edgeNode(String group, String edgeNode) {
        return PREFIX + escape(group) + ":" + escape(edgeNode);
    }

    static String device(String group, String edgeNode, String device) {
        return edgeNode(group, edgeNode) + ":" + escape(device);
    }

    private static String escape(String id) {
        return id.replace("%", "%25").replace(":", "%3A");
    }
}
