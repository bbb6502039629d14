package io.omadm.gateway.adaptation.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * The variables of one session that are read from a subscription rather than each time: one subscription per sampling
 * interval, a monitored item per variable made on its first Get, and the latest value of each. The subscription is
 * healthy while the server publishes (data or keep-alives) at least every few keep-alive periods; a Get on an unhealthy
 * one is a read. A new session (after a reconnection), or a subscription that died with its session (Milo reconnects
 * by itself; when the server restarted, it cannot move the subscription), gets a new one with the same items
 * ({@link #recreate}).
 */
final class MonitoredValues {

    private static final Logger LOG = Logger.getLogger(MonitoredValues.class.getName());
    private static final int KEEP_ALIVE_COUNT = 5;

    private final OpcUaSubscription subscription;
    private final long healthyNanos;
    private final Map<NodeId, CompletableFuture<DataValue>> first = new ConcurrentHashMap<>();
    private final Map<NodeId, DataValue> latest = new ConcurrentHashMap<>();
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean failed;

    private MonitoredValues(OpcUaSubscription subscription, Duration sampling) {
        this.subscription = subscription;
        // keep-alives come every KEEP_ALIVE_COUNT publishing intervals when nothing changes: three missed ones is ill
        this.healthyNanos = sampling.toNanos() * KEEP_ALIVE_COUNT * 3 + TimeUnit.SECONDS.toNanos(1);
    }

    /** A subscription on the session, publishing at the sampling interval. */
    static MonitoredValues create(OpcUaClient client, Duration sampling) throws UaException {
        OpcUaSubscription s = new OpcUaSubscription(client, (double) sampling.toMillis());
        s.setMaxKeepAliveCount(uint(KEEP_ALIVE_COUNT));
        MonitoredValues values = new MonitoredValues(s, sampling);
        s.setSubscriptionListener(values.new Listener());
        s.create();
        return values;
    }

    /** The server ended it, or it could not be moved to a new session: it will publish no more. */
    boolean dead() {
        return failed;
    }

    boolean healthy() {
        return !failed && System.nanoTime() - lastHeard < healthyNanos;
    }

    /**
     * The variable's latest value, its monitored item made first if need be (then its first value is waited for until
     * the deadline, System.nanoTime); null when the subscription is not healthy: read it instead.
     */
    DataValue latest(NodeId node, long deadline) throws Exception {
        if (!healthy()) {
            return null;
        }
        CompletableFuture<DataValue> initial = first.get(node);
        if (initial == null) {
            initial = monitor(List.of(node)).get(0);
        }
        try {
            initial.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no value of " + node + " from the subscription in time");
        }
        return latest.get(node);
    }

    /** Makes monitored items for the nodes; their first values complete the futures. */
    synchronized List<CompletableFuture<DataValue>> monitor(List<NodeId> nodes) throws Exception {
        List<OpcUaMonitoredItem> added = new java.util.ArrayList<>();
        for (NodeId node : nodes) {
            if (first.containsKey(node)) {
                continue;
            }
            first.put(node, new CompletableFuture<>());
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
            item.setSamplingInterval(subscription.getPublishingInterval());
            item.setDataValueListener((i, v) -> {
                latest.put(node, v);
                first.get(node).complete(v);
            });
            added.add(item);
        }
        if (!added.isEmpty()) {
            subscription.addMonitoredItems(added);
            subscription.synchronizeMonitoredItems();
        }
        return nodes.stream().map(first::get).toList();
    }

    /** The nodes monitored here, for the subscription of a new session. */
    List<NodeId> nodes() {
        return List.copyOf(first.keySet());
    }

    /** The same items on a new session's subscription. */
    static MonitoredValues recreate(OpcUaClient client, Duration sampling, List<NodeId> nodes) throws Exception {
        MonitoredValues values = create(client, sampling);
        if (!nodes.isEmpty()) {
            values.monitor(nodes);
        }
        return values;
    }

    private final class Listener implements OpcUaSubscription.SubscriptionListener {
        @Override
        public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            lastHeard = System.nanoTime();
        }

        @Override
        public void onKeepAliveReceived(OpcUaSubscription s) {
            lastHeard = System.nanoTime();
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription s) {
            LOG.fine("OPC UA subscription " + s.getSubscriptionId() + ": the server stopped publishing");
            failed = true;
        }

        @Override
        public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
            failed = status.isBad();
        }

        @Override
        public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
            failed = true;
        }
    }
}
