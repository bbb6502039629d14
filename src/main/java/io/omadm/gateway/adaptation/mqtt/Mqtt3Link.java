package io.omadm.gateway.adaptation.mqtt;

import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A link to a broker declared as MQTT 3.1.1 (older brokers, or a site that keeps its devices on 3.1.1), with Paho's
 * MQTT 3 asynchronous client. MQTT 3.1.1 has no response topic or correlation data: requests and answers are matched
 * by the point's reply topic and correlation field ({@link MqttAddress}). Paho limits the publishes in flight on its
 * side ({@link #IN_FLIGHT}); the {@link PublishWindow} keeps callers within it.
 */
final class Mqtt3Link extends ReconnectingLink {

    static final int IN_FLIGHT = 1000;

    private final PublishWindow window = new PublishWindow();
    private volatile MqttAsyncClient client;

    Mqtt3Link(BrokerSettings broker, Duration timeout, ReconnectPolicy reconnect) {
        super(broker, timeout, reconnect);
        window.size(IN_FLIGHT);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(broker.cleanStart());
        o.setKeepAliveInterval((int) broker.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMillis)));
        o.setMaxInflight(IN_FLIGHT);
        broker.user().ifPresent(o::setUserName);
        if (broker.password() != null && !broker.password().isEmpty()) {
            o.setPassword(broker.password().toCharArray());
        }
        if (broker.tls()) {
            o.setSocketFactory(broker.tlsSocketFactory());
            o.setHttpsHostnameVerificationEnabled(broker.verifyHostName());
        } else {
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        return o;
    }

    @Override
    protected void connectOnce(long waitMillis) throws MqttException {
        if (client == null) {
            client = new MqttAsyncClient(broker.url(), broker.effectiveClientId(), new MemoryPersistence());
            client.setCallback(new Events());
        }
        client.connect(options()).waitForCompletion(waitMillis);
        window.reset();
    }

    @Override
    protected void subscribeOnce(String filter, int qos, long waitMillis) throws MqttException {
        IMqttToken t = client.subscribe(filter, qos);
        t.waitForCompletion(waitMillis);
        int[] granted = t.getGrantedQos();
        if (granted != null && granted.length > 0 && granted[0] == 0x80) {
            throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
        }
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
        return MqttTopic.isMatched(filter, topic);
    }

    @Override
    public Withdrawable publish(String topic, byte[] payload, int qos, ReplyTo replyTo, Consumer<Throwable> failed,
            long deadline) throws Exception {
        if (replyTo != null) {
            throw new IllegalArgumentException("MQTT broker " + broker + " speaks MQTT 3.1.1, which has no response"
                    + " topic: the point needs a reply topic (?reply=...)");
        }
        ready(deadline);
        MqttAsyncClient c = client;
        MqttMessage m = new MqttMessage(payload == null ? new byte[0] : payload);
        m.setQos(qos);
        return window.publish((sent, fail) -> c.publish(topic, m, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                sent.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                fail.accept(e);
            }
        }), failed);
    }

    private final class Events implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            lost(cause == null ? "connection lost" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived(new Received(topic, message.getPayload(), null, null));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the publish's own listener frees its slot
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
