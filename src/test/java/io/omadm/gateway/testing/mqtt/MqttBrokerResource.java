package io.omadm.gateway.testing.mqtt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/** A real MQTT broker ({@link Mosquitto}) for the gateway under test, handed to it as gateway.mqtt.url. */
public class MqttBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static volatile String url;
    private static volatile Mosquitto broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new Mosquitto();
            url = broker.url();
            return Map.of("gateway.mqtt.url", url, "gateway.inventory.alert-window", "200ms");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test MQTT broker", e);
        }
    }

    /** Starts mosquitto on the resource's port (again, after {@link #stopBroker}). */
    public static void startBroker() {
        broker.start();
    }

    /** The broker goes away (kill -9): clients see their connection drop. */
    public static void stopBroker() throws InterruptedException {
        broker.stop();
    }

    /** The broker stops answering without dropping connections (SIGSTOP), until {@link #resumeBroker}. */
    public static void pauseBroker() throws IOException, InterruptedException {
        broker.pause();
    }

    public static void resumeBroker() throws IOException, InterruptedException {
        broker.resume();
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
