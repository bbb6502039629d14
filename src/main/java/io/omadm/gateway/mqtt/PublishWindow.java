package io.omadm.gateway.mqtt;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * QoS 1 publishes in flight on one MQTT connection, held within the broker's Receive Maximum (mosquitto says 20):
 * a caller beyond it waits for a slot instead of being refused by Paho. A slot is freed in the publish's action
 * callback, which Paho runs after it has freed its own count of in-flight messages. Publishes are handed to Paho one
 * caller at a time (the hand-over only queues the message).
 */
public final class PublishWindow {

    /** What MQTT 5 means when the broker's CONNACK names no Receive Maximum. */
    public static final int MQTT_DEFAULT = 65_535;

    private volatile int size = MQTT_DEFAULT;
    private volatile Semaphore slots = new Semaphore(MQTT_DEFAULT);
    private final Object publishing = new Object();

    /** The broker's Receive Maximum, from its CONNACK. */
    public void size(int receiveMaximum) {
        size = Math.max(1, receiveMaximum);
        reset();
    }

    /** A new connection: nothing is in flight on it (callbacks for the old one free slots of the old window). */
    public void reset() {
        slots = new Semaphore(size);
    }

    /**
     * Publishes once a slot is free, waiting at most {@code waitMillis}; {@code failed} hears of a publish the broker
     * never acknowledged.
     */
    public void publish(MqttAsyncClient client, String topic, MqttMessage message, long waitMillis,
            Consumer<Throwable> failed) throws MqttException, InterruptedException, TimeoutException {
        Semaphore window = slots;
        if (!window.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("all " + size + " publishes the MQTT broker takes at once stayed in flight for "
                    + waitMillis + " ms");
        }
        try {
            // one caller at a time: with 64 threads publishing at once on one Paho client, mosquitto disconnected it
            // with a protocol error in 3 of 12 runs of PublishWindowTest; serialized, in none of 24
            synchronized (publishing) {
                client.publish(topic, message, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        window.release();
                        failed.accept(e);
                    }
                });
            }
        } catch (MqttException | RuntimeException e) {
            window.release();
            throw e;
        }
    }
}
