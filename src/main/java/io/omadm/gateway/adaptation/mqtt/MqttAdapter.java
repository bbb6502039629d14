package io.omadm.gateway.adaptation.mqtt;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.TimeBoundAdapter;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The MQTT 5 side of the mqtt adapter route (adapters/mqtt.yaml). A point's address is a topic. A DM command is a
 * request on {@code <address>/<get|set|exec|add|delete>} with the MQTT 5 response topic and correlation data; the
 * device answers on the response topic with the same correlation data, the value as payload and, if it is not 200, a
 * {@code dm-status} user property. A point whose address ends in {@code #state} is read from the retained message on
 * its topic instead (devices that only publish). The client reconnects by itself, with backoff, when the broker goes
 * away and comes back, with the waits of gateway.adapters.reconnect.* ({@link #client}).
 */
public final class MqttAdapter implements ProtocolAdapter, TimeBoundAdapter {

    private static final Logger LOG = Logger.getLogger(MqttAdapter.class.getName());
    private static final String STATE = "#state";

    private final String brokerUrl;
    private final long timeoutMillis;
    private final String replyTopic = "gwmo/reply/" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, CompletableFuture<MqttMessage>> pending = new ConcurrentHashMap<>();
    private final PublishWindow window = new PublishWindow();
    private final ReentrantLock connecting = new ReentrantLock();
    private final BrokerSettings broker;
    private volatile MqttAsyncClient client;
    /** Requests go out only while the answers topic is subscribed on the current connection. */
    private volatile boolean answersSubscribed;

    private final ReconnectPolicy reconnect;
    private final DevicePresence presence;
    /** Connection attempts that failed in a row, and when the next may be made (System.nanoTime; 0: now). */
    private volatile int failedAttempts;
    private volatile long nextAttempt;
    private final AtomicBoolean reconnectPlanned = new AtomicBoolean();
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-adapter-reconnect");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param brokerUrl the site's broker (gateway.mqtt.url); blank = none, every command fails saying so
     * @param timeout how long a command may take: gives up before the dispatcher does, so the failure is reported as
     *     the adapter saw it
     */
    public MqttAdapter(String brokerUrl, Duration timeout, ReconnectPolicy reconnect, DevicePresence presence) {
        this(BrokerSettings.anonymous(brokerUrl), timeout, reconnect, presence);
    }

    /** @param broker the site's broker: its URL, credentials and TLS (gateway.mqtt.*) */
    public MqttAdapter(BrokerSettings broker, Duration timeout, ReconnectPolicy reconnect, DevicePresence presence) {
        this.broker = broker;
        this.brokerUrl = broker.url();
        this.timeoutMillis = timeout.toMillis();
        this.reconnect = reconnect;
        this.presence = presence;
    }

    @Override
    public String protocol() {
        return "mqtt";
    }

    /** A topic to publish to (no wildcards), optionally with the {@code #state} suffix. */
    @Override
    public Optional<String> problem(String address) {
        String topic = address.endsWith(STATE) ? address.substring(0, address.length() - STATE.length()) : address;
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.contains("\u0000")) {
            return Optional.of("'" + address + "' is not an MQTT topic without wildcards (optionally ending in "
                    + STATE + ")");
        }
        return Optional.empty();
    }

    @Override
    public Response handle(Request r) throws Exception {
        String address = r.address();
        String command = r.command();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis); // one bound for all waits
        MqttAsyncClient c = client(deadline);
        if (address.endsWith(STATE)) {
            if (!command.equals("Get")) {
                return new Response(405, null);
            }
            return new Response(200, retained(c, address.substring(0, address.length() - STATE.length()), deadline));
        }
        // answers come back on this gateway's own topic: a counter tells them apart (SecureRandom serialized callers)
        String key = Long.toString(requests.incrementAndGet(), Character.MAX_RADIX);
        byte[] correlation = key.getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<MqttMessage> reply = new CompletableFuture<>();
        pending.put(key, reply);
        try {
            MqttMessage request = new MqttMessage(r.body() == null ? new byte[0] : r.body());
            MqttProperties props = new MqttProperties();
            props.setResponseTopic(replyTopic);
            props.setCorrelationData(correlation);
            request.setProperties(props);
            request.setQos(1);
            PublishWindow.Publish publish = window.publish(c, address + "/" + verb(command), request,
                    reply::completeExceptionally);
            MqttMessage answer;
            try {
                answer = reply.get(left(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                if (publish.withdraw()) { // it never went out: the command was not given
                    throw new TimeoutException("no publish slot within " + timeoutMillis + " ms: all "
                            + window.size() + " publishes the MQTT broker takes at once stayed in flight");
                }
                throw new TimeoutException("no answer from " + address + " within " + timeoutMillis + " ms");
            }
            presence.alive(r.devId()); // it answered: a sign of life
            return new Response(status(answer), answer.getPayload());
        } finally {
            pending.remove(key);
        }
    }

    private static String verb(String command) {
        return command.equals("Replace") ? "set" : command.toLowerCase(Locale.ROOT);
    }

    private static int status(MqttMessage answer) {
        List<UserProperty> user = answer.getProperties() == null ? List.of() : answer.getProperties().getUserProperties();
        for (UserProperty p : user == null ? List.<UserProperty>of() : user) {
            if (p.getKey().equals("dm-status")) {
                return Integer.parseInt(p.getValue().trim());
            }
        }
        return 200;
    }

    /** The retained value of a state topic: subscribing delivers it at once, if there is one. */
    private byte[] retained(MqttAsyncClient c, String topic, long deadline) throws Exception {
        CompletableFuture<byte[]> value = new CompletableFuture<>();
        // the array form: Paho 1.2.5's single-subscription form with a listener fails without subscription properties
        c.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)}, null, null,
                new IMqttMessageListener[] {(t, msg) -> value.complete(msg.getPayload())}, new MqttProperties());
        try {
            return value.get(left(deadline), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no retained value on " + topic);
        } finally {
            c.unsubscribe(topic);
        }
    }

    /**
     * The gateway's one client, connected. It is made and connected on first use; when the broker is lost it is
     * connected again in the background, with the waits of gateway.adapters.reconnect.*, and by the first command that
     * arrives once the wait is over. Until then a command fails at once, without waiting for the broker. It is the
     * asynchronous client: the synchronous one's publish returns on PUBACK before Paho frees the in-flight slot, so
     * concurrent callers overrun the broker's Receive Maximum ("Too many publishes in progress"); here the
     * {@link PublishWindow} frees a slot only once Paho has.
     */
    private MqttAsyncClient client(long deadline) throws MqttException, InterruptedException, TimeoutException {
        if (brokerUrl.isBlank()) {
            throw new IllegalStateException("gateway.mqtt.url is not set: the mqtt adapter has no broker");
        }
        MqttAsyncClient c = client;
        if (c != null && answersSubscribed) {
            return c;
        }
        long wait = nextAttempt - System.nanoTime();
        if (wait > 0) {
            throw new IllegalStateException("the MQTT adapter is reconnecting to " + brokerUrl + ": "
                    + failedAttempts + " attempts failed, the next in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
        }
        // one caller connects; the others wait for it no longer than their own time
        if (!connecting.tryLock(left(deadline), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("still connecting to the MQTT broker " + brokerUrl);
        }
        try {
            if (!answersSubscribed) {
                connect(Math.max(1, left(deadline)));
            }
            return client;
        } finally {
            connecting.unlock();
        }
    }

    /**
     * One connection attempt, holding {@link #connecting}: connects and subscribes to the answers topic (clean start:
     * on every connection). A failed attempt sets when the next may be made, and makes it in the background then.
     */
    private void connect(long waitMillis) throws MqttException {
        if (client == null) {
            client = new MqttAsyncClient(brokerUrl, "gw-adapter-" + replyTopic.substring(11), new MemoryPersistence());
            client.setCallback(new Events());
        }
        IMqttToken connected;
        try {
            connected = client.connect(options());
            connected.waitForCompletion(waitMillis);
            client.subscribe(replyTopic, 1).waitForCompletion(waitMillis);
        } catch (MqttException e) {
            failedAttempts++;
            Duration next = reconnect.after(failedAttempts);
            nextAttempt = System.nanoTime() + next.toNanos();
            if (client.isConnected()) {
                client.disconnectForcibly(0, 0, false); // connected but not subscribed: start again
            }
            reconnectIn(next);
            throw e;
        }
        if (failedAttempts > 0) {
            LOG.info("MQTT adapter connected to " + brokerUrl + " after " + failedAttempts + " failed attempts");
        }
        failedAttempts = 0;
        nextAttempt = 0;
        window.reset(); // publishes in flight on a lost connection are gone with it
        Integer receiveMaximum = connected.getResponseProperties() == null ? null
                : connected.getResponseProperties().getReceiveMaximum();
        window.size(receiveMaximum == null ? PublishWindow.MQTT_DEFAULT : receiveMaximum);
        answersSubscribed = true;
    }

    private MqttConnectionOptions options() {
        return broker.options(timeoutMillis);
    }

    /** A connection attempt in the background after {@code delay}, unless one is planned already. */
    private void reconnectIn(Duration delay) {
        if (!reconnectPlanned.compareAndSet(false, true)) {
            return;
        }
        reconnector.schedule(() -> {
            reconnectPlanned.set(false);
            connecting.lock();
            try {
                if (!answersSubscribed) {
                    connect(timeoutMillis);
                }
            } catch (MqttException e) {
                LOG.fine("MQTT adapter: " + brokerUrl + " not reached: " + e.getMessage());
            } finally {
                connecting.unlock();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connection's events: answers to match with their requests, the broker lost. */
    private final class Events extends MqttCallbackAdapter {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            answersSubscribed = false;
            LOG.warning("MQTT adapter lost the broker " + brokerUrl + ": " + r.getReasonString());
            reconnectIn(reconnect.initial());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warning("MQTT adapter error: " + e.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] corr = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            CompletableFuture<MqttMessage> f = corr == null ? null
                    : pending.get(new String(corr, StandardCharsets.US_ASCII));
            if (f != null) {
                f.complete(message);
            }
        }
    }

    /** Milliseconds to the deadline (System.nanoTime), none when past. */
    private static long left(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        reconnector.shutdownNow();
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                c.disconnect().waitForCompletion(2000);
                c.close();
            } catch (MqttException e) {
                LOG.fine("closing the MQTT adapter client: " + e.getMessage());
            }
        }
    }
}
