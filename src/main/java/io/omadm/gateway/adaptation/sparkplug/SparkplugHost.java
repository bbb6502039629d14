package io.omadm.gateway.adaptation.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.mqtt.BrokerSettings;
import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * The gateway as a Sparkplug B host application on a site broker (Sparkplug 3.0 §5.3-5.4, docs/modes/sparkplug.md).
 * Each connection registers the host's death as its will ({@code spBv1.0/STATE/<host id>},
 * {@code {"online":false,"timestamp":T}}, QoS 1, retained; T the time of this CONNECT) with a clean start and no
 * session expiry, subscribes to its own STATE topic and to its groups, then publishes its birth with the same T. A
 * STATE saying it is offline while it is connected (a will of an earlier connection) is answered by its birth again.
 * A lost connection marks every node and device offline, and is made again with backoff (a new T each time); once
 * back, every edge node known is asked to be born again. Going away on purpose publishes the death first.
 */
public final class SparkplugHost implements HostState.Events {

    private static final Logger LOG = Logger.getLogger(SparkplugHost.class.getName());

    /** Where the host's findings go: the inventory, in the gateway. */
    public interface Registry {
        /** Nodes and devices born, many at once where births came together (one write for all). */
        void born(List<Birth> births);

        void died(String devId);

        /** Still online (a node reports by exception: silence is no sign of absence). */
        void alive(String devId);
    }

    /** The most births registered in one write. */
    private static final int REGISTRATION_BATCH = 1_000;
    /** How often nodes and devices online are reported alive. */
    private static final long ALIVE_EVERY_SECONDS = 10;

    private final BrokerSettings broker;
    private final String hostId;
    private final List<String> groups;
    private final ReconnectPolicy reconnect;
    private final Registry registry;
    private final Clock clock;
    private final HostState state;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("sparkplug-host"));
    /**
     * Registrations go to the inventory in order from a thread of their own: a site's births (thousands of devices
     * after a broker restart) must not hold up the data behind them on the MQTT client's thread.
     */
    private final ExecutorService registrar = Executors.newSingleThreadExecutor(daemon("sparkplug-registry"));
    /** Births and deaths heard and not yet in the inventory, in order. */
    private final Queue<Change> changes = new ConcurrentLinkedQueue<>();
    private final LongAdder messages = new LongAdder();
    private final LongAdder metrics = new LongAdder();
    private final LongAdder rebirths = new LongAdder();
    private volatile MqttAsyncClient client;
    private volatile long stateTimestamp;
    private volatile boolean closed;
    private volatile int failures;
    private volatile String lastError;

    public SparkplugHost(BrokerSettings broker, String hostId, List<String> groups, SparkplugSettings settings,
            Registry registry, Clock clock) {
        this.broker = broker;
        this.hostId = hostId;
        this.groups = List.copyOf(groups);
        this.reconnect = settings.reconnect();
        this.registry = registry;
        this.clock = clock;
        this.state = new HostState(settings.reorderTimeout(), settings.writableByDefault(),
                settings.factMetrics(), this, System::nanoTime);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    HostState state() {
        return state;
    }

    /** The trees of the nodes and devices this host heard being born. */
    public SparkplugProfiles profiles() {
        return new SparkplugProfiles(state);
    }

    /** Connects in the background (and again whenever the connection is lost) until {@link #close}. */
    public void start() {
        long tick = Math.max(10, state.reorderTick().toMillis());
        timer.scheduleWithFixedDelay(state::tick, tick, tick, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> state.online().forEach(registry::alive), ALIVE_EVERY_SECONDS,
                ALIVE_EVERY_SECONDS, TimeUnit.SECONDS);
        timer.execute(this::connect);
    }

    /** Sparkplug B payloads received from edge nodes (births, data, deaths). */
    public long messagesReceived() {
        return messages.sum();
    }

    /** The metrics those payloads carried. */
    public long metricsReceived() {
        return metrics.sum();
    }

    /** Rebirths asked of edge nodes (a gap, data not born, the host connected again). */
    public long rebirthsAsked() {
        return rebirths.sum();
    }

    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** How the host's connection to its broker stands; null before it was started. */
    public LinkState linkState() {
        return client == null ? null : LinkState.of("sparkplug", broker + " (host " + hostId + ")", isConnected(),
                failures, lastError);
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            MqttAsyncClient c = client;
            if (c == null) {
                c = new MqttAsyncClient(broker.url(), clientId(), new MemoryPersistence());
                c.setCallback(new Events());
                client = c;
            }
            long t = clock.millis();
            MqttConnectionOptions o = broker.options(10_000);
            o.setCleanStart(true); // Sparkplug hosts: clean start, no session kept (message-flow-phid-...-50)
            o.setSessionExpiryInterval(0L);
            o.setWill(SparkplugTopic.state(hostId), stateMessage(false, t));
            c.connect(o).waitForCompletion(15_000);
            stateTimestamp = t;
            c.subscribe(SparkplugTopic.state(hostId), 1).waitForCompletion(10_000);
            for (String filter : filters()) {
                c.subscribe(filter, 1).waitForCompletion(10_000);
            }
            c.publish(SparkplugTopic.state(hostId), stateMessage(true, t)).waitForCompletion(10_000);
            failures = 0;
            LOG.info("Sparkplug host " + hostId + " online on " + broker);
            state.rebirthAll();
        } catch (MqttException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            lastError = cause.getMessage();
            LOG.warning("Sparkplug host " + hostId + ": cannot connect to " + broker + " (" + cause.getMessage()
                    + "); trying again");
            dropAndRetry();
        }
    }

    private void dropAndRetry() {
        MqttAsyncClient c = client;
        try {
            if (c != null && c.isConnected()) {
                c.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException e) {
            // dropped anyway
        }
        if (!closed) {
            timer.schedule(this::connect, reconnect.after(++failures).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String clientId() {
        return broker.clientId() != null && !broker.clientId().isBlank() ? broker.clientId()
                : "gw-sparkplug-" + hostId;
    }

    private List<String> filters() {
        return groups.isEmpty() ? List.of(SparkplugTopic.NAMESPACE + "/#")
                : groups.stream().map(g -> SparkplugTopic.NAMESPACE + "/" + g + "/#").toList();
    }

    private static MqttMessage stateMessage(boolean online, long timestamp) {
        MqttMessage m = new MqttMessage(("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}")
                .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(true);
        return m;
    }

    private final class Events extends MqttCallbackAdapter {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            SparkplugTopic t = SparkplugTopic.parse(topic).orElse(null);
            if (t == null) {
                return;
            }
            if (t.type() == SparkplugTopic.Type.STATE) {
                ownState(t, message.getPayload());
                return;
            }
            try {
                Payload p = Payload.parseFrom(message.getPayload());
                messages.increment();
                metrics.add(p.getMetricsCount());
                state.received(t, p);
            } catch (InvalidProtocolBufferException e) {
                LOG.warning("Sparkplug message on " + topic + " ignored: not a Sparkplug B payload ("
                        + e.getMessage() + ")");
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lost(r.getReasonString() == null ? "disconnected by the broker" : r.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.fine("Sparkplug host " + hostId + ": " + e.getMessage());
        }
    }

    /** A STATE message on our own topic saying we are offline (our will, delivered late) is corrected at once. */
    private void ownState(SparkplugTopic t, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).replace(" ", "");
        if (t.edgeNode().equals(hostId) && text.contains("\"online\":false") && isConnected()) {
            publish(SparkplugTopic.state(hostId), stateMessage(true, stateTimestamp));
        }
    }

    private void lost(String why) {
        if (closed) {
            return;
        }
        LOG.warning("Sparkplug host " + hostId + " lost " + broker + " (" + why + "); its nodes and devices are"
                + " offline until they are born again");
        lastError = why;
        state.disconnected();
        timer.execute(this::dropAndRetry);
    }

    @Override
    public void born(Birth b) {
        queue(new Born(b));
    }

    @Override
    public void died(String devId) {
        queue(new Died(devId));
    }

    /** A change for the inventory, queued in the order heard. */
    private sealed interface Change permits Born, Died {
    }

    private record Born(Birth birth) implements Change {
    }

    private record Died(String devId) implements Change {
    }

    private void queue(Change change) {
        changes.add(change);
        try {
            registrar.execute(this::applyChanges);
        } catch (RejectedExecutionException closing) {
            // the host is going away: the next start registers the device from its birth again
        }
    }

    /** Applies the changes queued, in order: births that follow one another as one registration of many. */
    private void applyChanges() {
        List<Birth> births = new ArrayList<>();
        for (Change c = changes.poll(); c != null; c = changes.poll()) {
            if (c instanceof Born b) {
                births.add(b.birth());
                if (births.size() == REGISTRATION_BATCH) {
                    register(births);
                }
            } else if (c instanceof Died d) {
                register(births);
                inventory(d.devId(), () -> registry.died(d.devId()));
            }
        }
        register(births);
    }

    private void register(List<Birth> births) {
        if (!births.isEmpty()) {
            List<Birth> batch = List.copyOf(births);
            births.clear();
            inventory(batch.size() == 1 ? batch.get(0).devId() : batch.size() + " nodes and devices",
                    () -> registry.born(batch));
        }
    }

    private void inventory(String what, Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.warning("Sparkplug host " + hostId + ": the inventory did not take the change of " + what + " ("
                    + e.getMessage() + ")");
        }
    }

    @Override
    public void rebirth(EdgeNode node) {
        Payload p = Payload.newBuilder().setTimestamp(clock.millis()).addMetrics(Metric.newBuilder()
                .setName("Node Control/Rebirth").setTimestamp(clock.millis()).setDatatype(DataType.Boolean_VALUE)
                .setBooleanValue(true)).build();
        rebirths.increment();
        publish(node.topic.text(SparkplugTopic.Type.NCMD), command(p));
    }

    /** A command to an edge node or device: QoS 0, not retained (topics-ncmd-mqtt, topics-dcmd-mqtt). */
    static MqttMessage command(Payload p) {
        MqttMessage m = new MqttMessage(p.toByteArray());
        m.setQos(0);
        m.setRetained(false);
        return m;
    }

    /** Publishes; false (logged) when the broker is not there. */
    boolean publish(String topic, MqttMessage m) {
        MqttAsyncClient c = client;
        try {
            if (c != null && c.isConnected()) {
                c.publish(topic, m);
                return true;
            }
        } catch (MqttException e) {
            LOG.warning("Sparkplug host " + hostId + ": cannot publish on " + topic + " (" + e.getMessage() + ")");
        }
        return false;
    }

    /** Publishes the host's death, then disconnects (operational-behavior-host-application-termination). */
    public void close() {
        closed = true;
        timer.shutdownNow();
        registrar.shutdown();
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                IMqttToken death = c.publish(SparkplugTopic.state(hostId), stateMessage(false, clock.millis()));
                death.waitForCompletion(2_000);
                c.disconnect().waitForCompletion(2_000);
            }
            c.close();
        } catch (MqttException e) {
            // going away: nothing more to do
        }
    }
}
