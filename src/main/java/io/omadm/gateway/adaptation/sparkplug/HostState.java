package io.omadm.gateway.adaptation.sparkplug;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * The host application's view of the edge nodes it hears (Sparkplug 3.0, chapter 5), without MQTT: births register
 * nodes and devices and their metrics, data updates metrics, deaths mark them offline and their metrics stale. Each
 * edge node's messages after its birth carry a sequence number (0-255, wrapping): a message ahead of the one expected
 * is held for the reorder timeout, and the missing one either arrives (the held ones follow in order) or the node is
 * asked to be born again (NCMD Node Control/Rebirth). A rebirth is also asked for data from a node or device not born,
 * and for a metric its birth did not declare; once asked, not again until the node is born or a few seconds pass.
 */
final class HostState {

    private static final Logger LOG = Logger.getLogger(HostState.class.getName());
    /** How long to wait for an asked rebirth before asking again. */
    static final Duration REBIRTH_WAIT = Duration.ofSeconds(5);

    /** What the host does about what it hears. */
    interface Events {
        /** A node or device was born (again): register it, attached. */
        void born(Birth birth);

        /** A node or device died, or the host lost the broker: detached. */
        void died(String devId);

        /** Asks an edge node to publish its births again. */
        void rebirth(EdgeNode node);
    }

    private final Duration reorderTimeout;
    private final boolean writableByDefault;
    private final FactMetrics factMetrics;
    private final Events events;
    private final LongSupplier nanos;
    private final Map<String, EdgeNode> nodes = new ConcurrentHashMap<>();
    /** Nodes and devices by DevId, for commands. */
    private final Map<String, Object> byDevId = new ConcurrentHashMap<>();

    HostState(Duration reorderTimeout, boolean writableByDefault, FactMetrics factMetrics, Events events,
            LongSupplier nanos) {
        this.reorderTimeout = reorderTimeout;
        this.writableByDefault = writableByDefault;
        this.factMetrics = factMetrics;
        this.events = events;
        this.nanos = nanos;
    }

    /** A message on a node's or device's topic. */
    synchronized void received(SparkplugTopic t, Payload p) {
        EdgeNode node = nodes.computeIfAbsent(t.group() + "/" + t.edgeNode(), k -> new EdgeNode(t.group(),
                t.edgeNode()));
        switch (t.type()) {
            case NBIRTH -> nodeBorn(node, p);
            case NDEATH -> nodeDied(node, p);
            case NCMD, DCMD, STATE -> { } // commands are for edge nodes (another host's, or ours echoed)
            default -> inSequence(node, t, p);
        }
    }

    /** What commands to a node or device go by: its metrics, whether it is online, its command topic. */
    record Target(String devId, boolean online, Map<String, MetricState> metrics, String commandTopic) {
    }

    /** The node or device of a DevId, when it was born since the start. */
    Optional<Target> target(String devId) {
        Object o = byDevId.get(devId);
        if (o instanceof EdgeNode n) {
            return Optional.of(new Target(devId, n.online, n.metrics, n.topic.text(SparkplugTopic.Type.NCMD)));
        }
        if (o instanceof EdgeNode.Device d) {
            EdgeNode n = d.node;
            return Optional.of(new Target(devId, d.online, d.metrics, new SparkplugTopic(n.group,
                    SparkplugTopic.Type.DCMD, n.id, d.id).text(SparkplugTopic.Type.DCMD)));
        }
        return Optional.empty();
    }

    /** The DevIds of the nodes and devices online. */
    List<String> online() {
        List<String> out = new ArrayList<>();
        for (EdgeNode n : nodes.values()) {
            if (n.online) {
                out.add(n.devId);
                n.devices.values().stream().filter(d -> d.online).forEach(d -> out.add(d.devId));
            }
        }
        return out;
    }

    /** Whether a node or device is known (born at least once since the start). */
    Optional<EdgeNode> node(String devId) {
        return byDevId.get(devId) instanceof EdgeNode n ? Optional.of(n) : Optional.empty();
    }

    Optional<EdgeNode.Device> device(String devId) {
        return byDevId.get(devId) instanceof EdgeNode.Device d ? Optional.of(d) : Optional.empty();
    }

    private void nodeBorn(EdgeNode node, Payload p) {
        node.bdSeq = bdSeq(p);
        node.lastSeq = (int) p.getSeq();
        node.held.clear();
        node.gapSince = 0;
        node.rebirthAskedAt = 0;
        node.aliases.clear();
        node.metrics = metrics(node, p);
        node.online = true;
        byDevId.put(node.devId, node);
        events.born(facts(node.devId, node.group + "/" + node.id, node.metrics));
    }

    private void nodeDied(EdgeNode node, Payload p) {
        long bdSeq = bdSeq(p);
        if (!node.online || (bdSeq >= 0 && node.bdSeq >= 0 && bdSeq != node.bdSeq)) {
            return; // the will of a session before the node's current one
        }
        offline(node);
    }

    /** The broker is lost: every node and device is offline until it is born again. */
    synchronized void disconnected() {
        nodes.values().forEach(n -> {
            if (n.online) {
                offline(n);
            }
        });
    }

    private void offline(EdgeNode node) {
        node.online = false;
        node.metrics.values().forEach(MetricState::stale);
        node.held.clear();
        node.gapSince = 0;
        for (EdgeNode.Device d : node.devices.values()) {
            deviceDied(d);
        }
        events.died(node.devId);
    }

    private void deviceDied(EdgeNode.Device d) {
        d.metrics.values().forEach(MetricState::stale);
        if (d.online) {
            d.online = false;
            events.died(d.devId);
        }
    }

    private void inSequence(EdgeNode node, SparkplugTopic t, Payload p) {
        if (!node.online) {
            askRebirth(node, "data before its birth on " + t.text(t.type()));
            return;
        }
        int seq = (int) p.getSeq();
        if (seq != node.expectedSeq()) {
            if (reorderTimeout.isZero()) {
                askRebirth(node, "seq " + seq + " where " + node.expectedSeq() + " was expected");
            } else if (!node.held.containsKey(seq)) {
                node.held.put(seq, new EdgeNode.Held(t, p));
                if (node.gapSince == 0) {
                    node.gapSince = Math.max(1, nanos.getAsLong());
                }
            }
            return;
        }
        apply(node, t, p);
        node.lastSeq = seq;
        for (EdgeNode.Held next = node.held.remove(node.expectedSeq()); next != null && node.online;
                next = node.held.remove(node.expectedSeq())) {
            apply(node, next.topic(), next.payload());
            node.lastSeq = (int) next.payload().getSeq();
        }
        if (node.held.isEmpty()) {
            node.gapSince = 0;
        }
    }

    /** How often {@link #tick} should run: a tenth of the reorder timeout. */
    Duration reorderTick() {
        return reorderTimeout.dividedBy(10);
    }

    /** After the host's connection came back: every node known is asked to be born again. */
    synchronized void rebirthAll() {
        for (EdgeNode n : nodes.values()) {
            n.rebirthAskedAt = 0;
            askRebirth(n, "the host is connected again");
        }
    }

    /** Asks for rebirths of nodes whose missing message did not come within the reorder timeout. */
    synchronized void tick() {
        long now = nanos.getAsLong();
        for (EdgeNode n : nodes.values()) {
            if (n.gapSince != 0 && now - n.gapSince >= reorderTimeout.toNanos()) {
                n.held.clear();
                n.gapSince = 0;
                askRebirth(n, "seq " + n.expectedSeq() + " missing for " + reorderTimeout.toMillis() + " ms");
            }
        }
    }

    private void apply(EdgeNode node, SparkplugTopic t, Payload p) {
        switch (t.type()) {
            case NDATA -> update(node, node.metrics, p, t);
            case DBIRTH -> {
                EdgeNode.Device d = node.devices.computeIfAbsent(t.device(), id -> new EdgeNode.Device(node, id));
                d.metrics = metrics(node, p);
                d.online = true;
                byDevId.put(d.devId, d);
                events.born(facts(d.devId, node.group + "/" + node.id + "/" + d.id, d.metrics));
            }
            case DDATA -> {
                EdgeNode.Device d = node.devices.get(t.device());
                if (d == null || !d.online) {
                    askRebirth(node, "data of device " + t.device() + " before its birth");
                } else {
                    update(node, d.metrics, p, t);
                }
            }
            case DDEATH -> {
                EdgeNode.Device d = node.devices.get(t.device());
                if (d != null) {
                    deviceDied(d);
                }
            }
            default -> { }
        }
    }

    private void update(EdgeNode node, Map<String, MetricState> declared, Payload p, SparkplugTopic t) {
        for (Metric m : p.getMetricsList()) {
            MetricState s = m.hasAlias() && !m.hasName() ? node.aliases.get(m.getAlias()) : declared.get(m.getName());
            if (s == null || (m.hasAlias() && !m.hasName() && declared.get(s.name) != s)) {
                askRebirth(node, "metric " + (m.hasName() ? "'" + m.getName() + "'" : "alias " + m.getAlias())
                        + " on " + t.text(t.type()) + " is not in its birth");
                return;
            }
            s.update(m, p.getTimestamp());
        }
    }

    private Map<String, MetricState> metrics(EdgeNode node, Payload p) {
        List<MetricState> born = new ArrayList<>();
        for (Metric m : p.getMetricsList()) {
            if (!m.getName().equals("bdSeq")) {
                MetricState s = MetricState.born(m, p.getTimestamp(), writableByDefault);
                born.add(s);
                if (s.alias != MetricState.NO_ALIAS) {
                    node.aliases.put(s.alias, s);
                }
            }
        }
        return EdgeNode.byName(born);
    }

    private void askRebirth(EdgeNode node, String why) {
        long now = nanos.getAsLong();
        if (node.rebirthAskedAt != 0 && now - node.rebirthAskedAt < REBIRTH_WAIT.toNanos()) {
            return;
        }
        node.rebirthAskedAt = Math.max(1, now);
        LOG.info("Sparkplug edge node " + node.group + "/" + node.id + ": " + why + "; a rebirth is asked for");
        events.rebirth(node);
    }

    private Birth facts(String devId, String address, Map<String, MetricState> metrics) {
        return new Birth(devId, address, value(metrics, factMetrics.man()), value(metrics, factMetrics.model()),
                value(metrics, factMetrics.fwV()));
    }

    private static String value(Map<String, MetricState> metrics, String name) {
        MetricState s = name == null ? null : metrics.get(name);
        return s == null ? null : s.value();
    }

    private static long bdSeq(Payload p) {
        for (Metric m : p.getMetricsList()) {
            if (m.getName().equals("bdSeq")) {
                return m.hasLongValue() ? m.getLongValue() : m.getIntValue();
            }
        }
        return -1;
    }
}
