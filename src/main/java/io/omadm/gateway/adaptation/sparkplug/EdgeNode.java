package io.omadm.gateway.adaptation.sparkplug;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * What the host knows of one edge node: its birth (bdSeq, metrics, the alias table shared with its devices), the
 * sequence number of its last message, messages held while one is missing, and its devices. Changed only under the
 * host state's lock; the metric maps are read by commands from any thread.
 */
final class EdgeNode {

    /** A device of the edge node, with the metrics of its last DBIRTH. */
    static final class Device {
        final EdgeNode node;
        final String id;
        final String devId;
        volatile boolean online;
        volatile Map<String, MetricState> metrics = Map.of();

        Device(EdgeNode node, String id) {
            this.node = node;
            this.id = id;
            this.devId = SparkplugNames.device(node.group, node.id, id);
        }
    }

    /** A message that came before the one the sequence expects, kept for the reorder timeout. */
    record Held(SparkplugTopic topic, Payload payload) {
    }

    final String group;
    final String id;
    final String devId;
    final SparkplugTopic topic;
    volatile boolean online;
    long bdSeq = -1;
    int lastSeq = -1;
    volatile Map<String, MetricState> metrics = Map.of();
    final Map<String, Device> devices = new ConcurrentHashMap<>();
    /** Alias to metric, across the node's and its devices' births. */
    final Map<Long, MetricState> aliases = new HashMap<>();
    final Map<Integer, Held> held = new HashMap<>();
    /** When the sequence broke (System.nanoTime), 0 while it holds. */
    long gapSince;
    /** When a rebirth was last asked for (System.nanoTime), 0 once the node was born again. */
    long rebirthAskedAt;

    EdgeNode(String group, String id) {
        this.group = group;
        this.id = id;
        this.devId = SparkplugNames.edgeNode(group, id);
        this.topic = new SparkplugTopic(group, SparkplugTopic.Type.NBIRTH, id, null);
    }

    int expectedSeq() {
        return (lastSeq + 1) & 0xFF;
    }

    static Map<String, MetricState> byName(Iterable<MetricState> metrics) {
        Map<String, MetricState> m = new LinkedHashMap<>();
        metrics.forEach(s -> m.put(s.name, s));
        return m;
    }
}
