package io.omadm.gateway.adaptation.mqtt;

import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * A link to an MQTT 5 broker with Paho's asynchronous client: the synchronous one's publish returns on PUBACK before
 * Paho frees the in-flight slot, so concurrent callers overrun the broker's Receive Maximum ("Too many publishes in
 * progress"); here the {@link PublishWindow}, sized from the broker's CONNACK, frees a slot only once Paho has.
 */
final class Mqtt5Link extends ReconnectingLink {

    private final PublishWindow window = new PublishWindow();
    private volatile MqttAsyncClient client;

    Mqtt5Link(BrokerSettings broker, Duration timeout, ReconnectPolicy reconnect) {
        super(broker, timeout, reconnect);
    }

    @Override
    protected void connectOnce(long waitMillis) throws MqttException {
        if (client == null) {
            client = new MqttAsyncClient(broker.url(), broker.effectiveClientId(), new MemoryPersistence());
            client.setCallback(new Events());
        }
        IMqttToken connected = client.connect(broker.options(timeoutMillis));
        connected.waitForCompletion(waitMillis);
        Integer receiveMaximum = connected.getResponseProperties() == null ? null
                : connected.getResponseProperties().getReceiveMaximum();
        window.size(receiveMaximum == null ? PublishWindow.MQTT_DEFAULT : receiveMaximum); // a new connection
    }

    @Override
    protected void subscribeOnce(String filter, int qos, long waitMillis) throws MqttException {
        client.subscribe(filter, qos).waitForCompletion(waitMillis);
    }

    @Override
    protected void dropConnection() {
        MqttAsyncClient c = client;
        try {
            if (c != null && c.isConnected()) {
                c.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException e) {
            // it is being dropped anyway
        }
    }

    @Override
    protected boolean matches(String filter, String topic) {
        return MqttTopicValidator.isMatched(filter, topic);
    }

    @Override
    public Withdrawable publish(String topic, byte[] payload, int qos, ReplyTo replyTo, Consumer<Throwable> failed,
            long deadline) throws Exception {
        ready(deadline);
        MqttMessage m = new MqttMessage(payload == null ? new byte[0] : payload);
        m.setQos(qos);
        if (replyTo != null) {
            MqttProperties props = new MqttProperties();
            props.setResponseTopic(replyTo.topic());
            props.setCorrelationData(replyTo.correlation());
            m.setProperties(props);
        }
        return window.publish(client, topic, m, failed);
    }

    /** Publishes beyond the window that the broker holds at once, as the window's size. */
    int windowSize() {
        return window.size();
    }

    private final class Events extends MqttCallbackAdapter {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lost(r.getReasonString() == null ? "disconnected" : r.getReasonString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            String status = null;
            List<UserProperty> user = p == null || p.getUserProperties() == null ? List.of() : p.getUserProperties();
            for (UserProperty u : user) {
                if (u.getKey().equals("dm-status")) {
                    status = u.getValue();
                }
            }
            arrived(new Received(topic, message.getPayload(), p == null ? null : p.getCorrelationData(), status));
        }
    }

    @Override
    public void close() {
        stopReconnecting();
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnect().waitForCompletion(2000);
                }
                c.close();
            } catch (MqttException e) {
                // closing: nothing more to do with it
            }
        }
    }
}
