package io.omadm.gateway.testing.sparkplug;

import io.omadm.gateway.testing.mqtt.Mosquitto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/** A site broker (mosquitto) named "site", on which the gateway under test runs its Sparkplug host for Plant1. */
public class SparkplugBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static volatile String url;
    private static volatile Mosquitto broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new Mosquitto();
            url = broker.url();
            return Map.of("gateway.mqtt.brokers.site.url", url, "gateway.sparkplug.enabled", "true",
                    "gateway.sparkplug.broker", "site", "gateway.sparkplug.groups", "Plant1",
                    "gateway.sparkplug.host-id", "gw-under-test");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test MQTT broker", e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
