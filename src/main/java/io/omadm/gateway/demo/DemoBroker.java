package io.omadm.gateway.demo;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The demo site's MQTT 5 broker on 127.0.0.1, on the Vert.x MQTT server: enough of a broker for the demo devices and
 * the gateway (subscriptions with + and # wildcards, retained messages, last wills, MQTT 5 properties such as the
 * response topic and correlation data passed through), delivered at QoS 0. Not a broker for a real site: no
 * persistence, no authentication, no QoS 1/2 delivery guarantees. Point {@code gateway.mqtt.url} at the site's broker
 * instead.
 */
public final class DemoBroker implements AutoCloseable {

    private record Subscription(MqttEndpoint client, String filter) {
    }

    private record Retained(Buffer payload, MqttProperties properties) {
    }

    private final Vertx vertx;
    private final int port;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, Retained> retained = new ConcurrentHashMap<>();
    private final Map<String, MqttEndpoint> clients = new ConcurrentHashMap<>();
    private MqttServer server;

    public DemoBroker(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts listening; returns the broker's URL. */
    public String start() throws Exception {
        server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(port));
        server.endpointHandler(this::connected);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return url();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private void connected(MqttEndpoint client) {
        MqttEndpoint earlier = clients.put(client.clientIdentifier(), client);
        if (earlier != null && earlier != client) {
            earlier.close(); // a client id is one session: the newer connection wins, as MQTT says
        }
        boolean[] cleanExit = {false};
        client.subscribeHandler(sub -> {
            List<MqttSubAckReasonCode> granted = new ArrayList<>();
            for (MqttTopicSubscription s : sub.topicSubscriptions()) {
                subscriptions.add(new Subscription(client, s.topicName()));
                granted.add(MqttSubAckReasonCode.GRANTED_QOS0);
            }
            client.subscribeAcknowledge(sub.messageId(), granted, MqttProperties.NO_PROPERTIES);
            for (MqttTopicSubscription s : sub.topicSubscriptions()) {
                retained.forEach((topic, r) -> {
                    if (matches(s.topicName(), topic)) {
                        client.publish(topic, r.payload(), MqttQoS.AT_MOST_ONCE, false, true, 0, r.properties());
                    }
                });
            }
        });
        client.unsubscribeHandler(unsub -> {
            subscriptions.removeIf(s -> s.client() == client && unsub.topics().contains(s.filter()));
            client.unsubscribeAcknowledge(unsub.messageId());
        });
        client.publishHandler(p -> {
            if (p.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                client.publishAcknowledge(p.messageId());
            }
            route(p.topicName(), p.payload(), p.isRetain(), p.properties());
        });
        client.disconnectMessageHandler(d -> cleanExit[0] = true);
        client.closeHandler(v -> {
            subscriptions.removeIf(s -> s.client() == client);
            clients.remove(client.clientIdentifier(), client);
            if (!cleanExit[0] && client.will() != null && client.will().isWillFlag()) {
                route(client.will().getWillTopic(), client.will().getWillMessage(), client.will().isWillRetain(),
                        client.will().getWillProperties() == null ? MqttProperties.NO_PROPERTIES
                                : client.will().getWillProperties());
            }
        });
        client.accept(false);
    }

    private void route(String topic, Buffer payload, boolean retain, MqttProperties properties) {
        if (retain) {
            if (payload.length() == 0) {
                retained.remove(topic);
            } else {
                retained.put(topic, new Retained(payload, properties));
            }
        }
        for (Subscription s : subscriptions) {
            if (matches(s.filter(), topic) && s.client().isConnected()) {
                s.client().publish(topic, payload, MqttQoS.AT_MOST_ONCE, false, false, 0, properties);
            }
        }
    }

    /** MQTT topic filter matching: {@code +} is one level, a trailing {@code #} any number (including none). */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            clients.values().forEach(MqttEndpoint::close);
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
