package io.omadm.gateway.adaptation.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many callers publishing QoS 1 at once through one connection to a real mosquitto, whose Receive Maximum (20) is far
 * below the number of callers: the window queues what has no slot, so none is refused and every message arrives; and
 * a queued publish its sender withdraws never goes out.
 */
class PublishWindowTest {

    private Mosquitto broker;
    private String url;

    @BeforeEach
    void start() throws IOException {
        broker = new Mosquitto();
        url = broker.url();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void publishersBeyondTheBrokersReceiveMaximumWaitForASlotAndNoneIsLost() throws Exception {
        int callers = 64;
        int each = 50;
        CountDownLatch arrived = new CountDownLatch(callers * each);
        MqttAsyncClient reader = new MqttAsyncClient(url, "reader", new MemoryPersistence());
        MqttConnectionOptions readerOptions = new MqttConnectionOptions();
        readerOptions.setReceiveMaximum(1000);
        reader.setCallback(new MqttCallbackAdapter() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.countDown();
            }
        });
        reader.connect(readerOptions).waitForCompletion(5000);
        reader.subscribe("window/test", 1).waitForCompletion(5000);

        MqttAsyncClient writer = new MqttAsyncClient(url, "writer", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(new NoDelaySocketFactory());
        IMqttToken connected = writer.connect(o);
        connected.waitForCompletion(5000);
        int receiveMaximum = connected.getResponseProperties().getReceiveMaximum();
        assertTrue(receiveMaximum < callers, "mosquitto takes " + receiveMaximum + " at once: the test needs fewer");
        PublishWindow window = new PublishWindow();
        window.size(receiveMaximum);

        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int c = 0; c < callers; c++) {
            pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    MqttMessage m = new MqttMessage(new byte[] {1});
                    m.setQos(1);
                    try {
                        window.publish(writer, "window/test", m, failures::add);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(arrived.await(60, TimeUnit.SECONDS), arrived.getCount() + " messages did not arrive; failures: "
                + failures.stream().limit(3).toList());
        assertEquals(List.of(), List.copyOf(failures));
        writer.disconnect().waitForCompletion(5000);
        reader.disconnect().waitForCompletion(5000);
    }

    @Test
    void aQueuedPublishWithdrawnBySenderNeverGoesOutAndTheNextOneStillDoes() throws Exception {
        LinkedBlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        MqttAsyncClient reader = new MqttAsyncClient(url, "reader", new MemoryPersistence());
        reader.setCallback(new MqttCallbackAdapter() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }
        });
        reader.connect(new MqttConnectionOptions()).waitForCompletion(5000);
        reader.subscribe("window/withdraw", 1).waitForCompletion(5000);
        MqttAsyncClient writer = new MqttAsyncClient(url, "writer", new MemoryPersistence());
        writer.connect(new MqttConnectionOptions()).waitForCompletion(5000);
        PublishWindow window = new PublishWindow();
        window.size(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        broker.pause(); // no PUBACK: the first publish keeps the one slot
        PublishWindow.Publish first;
        PublishWindow.Publish withdrawn;
        try {
            first = window.publish(writer, "window/withdraw", message("first"), failures::add);
            withdrawn = window.publish(writer, "window/withdraw", message("withdrawn"), failures::add);
            window.publish(writer, "window/withdraw", message("third"), failures::add);
            assertTrue(withdrawn.withdraw(), "queued behind the first: still withdrawable");
        } finally {
            broker.resume();
        }
        assertFalse(first.withdraw(), "the first went out at once: too late to withdraw");
        assertEquals("first", arrived.poll(10, TimeUnit.SECONDS));
        assertEquals("third", arrived.poll(10, TimeUnit.SECONDS), "the withdrawn one was skipped, the next sent");
        assertEquals(List.of(), List.copyOf(failures));
        writer.disconnect().waitForCompletion(5000);
        reader.disconnect().waitForCompletion(5000);
    }

    private static MqttMessage message(String text) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }
}
