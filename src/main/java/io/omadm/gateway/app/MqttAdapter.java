package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.AddressSyntax;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.mqtt.MqttCallbackAdapter;
import io.omadm.gateway.mqtt.NoDelaySocketFactory;
import io.omadm.gateway.mqtt.PublishWindow;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.apache.camel.Message;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * away and comes back.
 */
@ApplicationScoped
@Named("mqttAdapter")
public class MqttAdapter implements AddressSyntax, TimeBoundAdapter {

    private static final Logger LOG = Logger.getLogger(MqttAdapter.class.getName());
    private static final String STATE = "#state";

    private final String brokerUrl;
    private final long timeoutMillis;
    private final String replyTopic = "gwmo/reply/" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, CompletableFuture<MqttMessage>> pending = new ConcurrentHashMap<>();
    private final PublishWindow window = new PublishWindow();
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile MqttAsyncClient client;
    /** Requests go out only while the answers topic is subscribed on the current connection. */
    private volatile boolean answersSubscribed;

    private final Inventory inventory;

    public MqttAdapter(GatewayConfig config, Inventory inventory) {
        this.inventory = inventory;
        this.brokerUrl = config.mqtt().url().orElse("");
        // give up before the dispatcher does, so the failure is reported as the adapter saw it
        this.timeoutMillis = config.adapters().timeout().toMillis() * 4 / 5;
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

    public void handle(Message m) throws Exception {
        String address = m.getHeader("DmAddress", String.class);
        String command = m.getHeader("DmCommand", String.class);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis); // one bound for all waits
        MqttAsyncClient c = client(deadline);
        if (!answersSubscribed) {
            throw new IllegalStateException("the MQTT adapter is reconnecting to " + brokerUrl
                    + ": not subscribed to its answers yet");
        }
        if (address.endsWith(STATE)) {
            if (!command.equals("Get")) {
                m.setHeader("DmStatus", 405);
                return;
            }
            m.setBody(retained(c, address.substring(0, address.length() - STATE.length()), deadline));
            m.setHeader("DmStatus", 200);
            return;
        }
        // answers come back on this gateway's own topic: a counter tells them apart (SecureRandom serialized callers)
        String key = Long.toString(requests.incrementAndGet(), Character.MAX_RADIX);
        byte[] correlation = key.getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<MqttMessage> reply = new CompletableFuture<>();
        pending.put(key, reply);
        try {
            MqttMessage request = new MqttMessage(m.getBody(byte[].class) == null ? new byte[0]
                    : m.getBody(byte[].class));
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
            m.setBody(answer.getPayload());
            m.setHeader("DmStatus", status(answer));
            inventory.alive(m.getHeader("DmDeviceId", String.class)); // it answered: a sign of life
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
     * One client per gateway, made on first use, kept connected by Paho's automatic reconnect (with backoff). It is
     * the asynchronous client: the synchronous one's publish returns on PUBACK before Paho frees the in-flight slot,
     * so concurrent callers overrun the broker's Receive Maximum ("Too many publishes in progress"); here the
     * {@link PublishWindow} frees a slot only once Paho has.
     */
    private MqttAsyncClient client(long deadline) throws MqttException, InterruptedException, TimeoutException {
        if (brokerUrl.isBlank()) {
            throw new IllegalStateException("gateway.mqtt.url is not set: the mqtt adapter has no broker");
        }
        MqttAsyncClient connected = client;
        if (connected != null) {
            return connected;
        }
        // one caller connects; the others wait for it no longer than their own time
        if (!connecting.tryLock(left(deadline), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("still connecting to the MQTT broker " + brokerUrl);
        }
        try {
            return connect(deadline);
        } finally {
            connecting.unlock();
        }
    }

    private MqttAsyncClient connect(long deadline) throws MqttException {
        if (client == null) {
            MqttAsyncClient c = new MqttAsyncClient(brokerUrl, "gw-adapter-" + replyTopic.substring(11),
                    new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 30);
            o.setCleanStart(true);
            if (brokerUrl.startsWith("tcp://")) {
                o.setSocketFactory(new NoDelaySocketFactory()); // small request/answer packets: no Nagle wait
            }
            c.setCallback(new MqttCallbackAdapter() {
                @Override
                public void disconnected(MqttDisconnectResponse r) {
                    answersSubscribed = false;
                    LOG.warning("MQTT adapter lost the broker " + brokerUrl + ": " + r.getReasonString());
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

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    if (!reconnect) {
                        return; // the first connection subscribes in client(), before any request goes out
                    }
                    window.reset(); // publishes in flight on the lost connection are gone with it
                    try {
                        // clean start: subscribe again; requests wait for it, or their answers would go nowhere
                        c.subscribe(replyTopic, 1, null, new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                answersSubscribed = true;
                                LOG.info("MQTT adapter reconnected to " + serverURI);
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                LOG.warning("MQTT adapter cannot subscribe to " + replyTopic + ": " + e.getMessage());
                            }
                        });
                    } catch (MqttException e) {
                        LOG.warning("MQTT adapter cannot subscribe to " + replyTopic + ": " + e.getMessage());
                    }
                }
            });
            IMqttToken connected;
            try {
                connected = c.connect(o);
                connected.waitForCompletion(Math.max(1, left(deadline)));
                c.subscribe(replyTopic, 1).waitForCompletion(Math.max(1, left(deadline)));
            } catch (MqttException e) {
                c.close(true); // the next command tries again, with a new client
                throw e;
            }
            answersSubscribed = true;
            Integer receiveMaximum = connected.getResponseProperties() == null ? null
                    : connected.getResponseProperties().getReceiveMaximum();
            window.size(receiveMaximum == null ? PublishWindow.MQTT_DEFAULT : receiveMaximum);
            client = c;
        }
        return client;
    }

    /** Milliseconds to the deadline (System.nanoTime), none when past. */
    private static long left(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @PreDestroy
    void close() {
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
