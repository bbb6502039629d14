package io.omadm.gateway.adaptation.mqtt;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * QoS 1 publishes in flight on one MQTT connection, held within the broker's Receive Maximum (mosquitto says 20):
 * a publish beyond it is queued instead of being refused by Paho, and goes out when a slot frees. A slot is freed in
 * the publish's action callback, which Paho runs after it has freed its own count of in-flight messages; that
 * callback sends the next queued publish. Nobody waits for a slot: in a 10,000-device fanout, 512 threads parking
 * until one of 20 slots was free, and being woken, took as much CPU time as waiting for the answers did.
 * Publishes are handed to Paho one at a time (the hand-over only queues the message).
 */
public final class PublishWindow {

    /** What MQTT 5 means when the broker's CONNACK names no Receive Maximum. */
    public static final int MQTT_DEFAULT = 65_535;

    private volatile int size = MQTT_DEFAULT;
    private volatile Semaphore slots = new Semaphore(MQTT_DEFAULT);
    private final Queue<Publish> queued = new ConcurrentLinkedQueue<>();
    private final Object publishing = new Object();

    /** How one publish is handed to the MQTT client: it calls {@code sent} or {@code failed} when it is done. */
    @FunctionalInterface
    public interface Sender {
        void send(Runnable sent, Consumer<Throwable> failed) throws Exception;
    }

    /** A publish on its way: queued for a slot until it goes out; its sender may withdraw it until then. */
    public static final class Publish implements MqttLink.Withdrawable {
        private final Sender sender;
        private final Consumer<Throwable> failed;
        private final AtomicBoolean taken = new AtomicBoolean();

        private Publish(Sender sender, Consumer<Throwable> failed) {
            this.sender = sender;
            this.failed = failed;
        }

        /** True when it had not gone out and now never will; false when it went out (or failed) already. */
        @Override
        public boolean withdraw() {
            return taken.compareAndSet(false, true);
        }
    }

    /** The broker's Receive Maximum, from its CONNACK. */
    public void size(int receiveMaximum) {
        size = Math.max(1, receiveMaximum);
        reset();
    }

    /** A new connection: nothing is in flight on it (callbacks for the old one free slots of the old window). */
    public void reset() {
        slots = new Semaphore(size);
        drain();
    }

    /** The broker's Receive Maximum as last told. */
    public int size() {
        return size;
    }

    /**
     * Publishes now if a slot is free, else when one frees; {@code failed} hears of a publish that Paho refused or
     * the broker never acknowledged. Never waits.
     */
    public Publish publish(Sender sender, Consumer<Throwable> failed) {
        Publish p = new Publish(sender, failed);
        queued.add(p);
        drain();
        return p;
    }

    /** {@link #publish(Sender, Consumer)} on a Paho MQTT 5 client. */
    public Publish publish(MqttAsyncClient client, String topic, MqttMessage message, Consumer<Throwable> failed) {
        return publish((sent, fail) -> client.publish(topic, message, null, new MqttActionListener() {
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

    /**
     * Sends queued publishes while slots are free. Whoever frees a slot drains after freeing it, and whoever queues
     * drains after queueing, so a publish is never left queued with a slot free.
     */
    private void drain() {
        while (!queued.isEmpty()) {
            Semaphore window = slots;
            if (!window.tryAcquire()) {
                return; // the publish that holds a slot drains when it frees it
            }
            Publish p = queued.poll();
            if (p == null || !p.taken.compareAndSet(false, true)) {
                window.release(); // nothing left, or withdrawn by its sender
                continue;
            }
            send(window, p);
        }
    }

    private void send(Semaphore window, Publish p) {
        try {
            // one caller at a time: with 64 threads publishing at once on one Paho client, mosquitto disconnected it
            // with a protocol error in 3 of 12 runs of PublishWindowTest; serialized, in none of 24
            synchronized (publishing) {
                p.sender.send(() -> {
                    window.release();
                    drain();
                }, e -> {
                    window.release();
                    p.failed.accept(e);
                    drain();
                });
            }
        } catch (Exception e) {
            window.release();
            p.failed.accept(e);
        }
    }
}
