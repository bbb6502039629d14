package io.omadm.gateway.adaptation.mqtt;

import io.omadm.gateway.adaptation.link.LinkState;
import java.util.function.Consumer;

/**
 * The gateway's one connection to one MQTT broker, in the MQTT version the broker is declared with: connected on
 * first use, connected again with backoff when lost, its subscriptions made again on every connection. Callers give a
 * deadline (System.nanoTime) for each operation; a link that is reconnecting fails at once, saying so.
 */
interface MqttLink extends AutoCloseable {

    /** A message that arrived on a subscription. */
    record Received(String topic, byte[] payload, byte[] correlation, String dmStatus) {
    }

    /** An MQTT 5 request's response topic and correlation data. */
    record ReplyTo(String topic, byte[] correlation) {
    }

    /** The broker this link connects to. */
    BrokerSettings broker();

    /** How the connection to the broker stands now. */
    LinkState state();

    /**
     * Publishes, connecting first if need be. {@code replyTo} (MQTT 5 only; null: none) asks the receiver to answer
     * there. Returns a handle that withdraws the publish if it has not gone out yet.
     */
    Withdrawable publish(String topic, byte[] payload, int qos, ReplyTo replyTo, Consumer<Throwable> failed,
            long deadline) throws Exception;

    /**
     * Subscribes (topic filters may hold wildcards), connecting first if need be; the subscription is kept on every
     * later connection. One listener per filter: a second subscription to the same filter keeps the first listener.
     */
    void subscribe(String filter, int qos, Consumer<Received> listener, long deadline) throws Exception;

    /** Subscribes now if connected, and on every connection from now on; connects in the background if need be. */
    void subscribeInBackground(String filter, int qos, Consumer<Received> listener);

    /** A publish on its way that its sender may take back until it has gone out. */
    interface Withdrawable {
        /** True when it had not gone out and now never will. */
        boolean withdraw();
    }

    @Override
    void close();
}
