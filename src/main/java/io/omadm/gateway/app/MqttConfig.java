package io.omadm.gateway.app;

import java.util.Map;

/** The site's default MQTT broker, and others by name (gateway.mqtt.brokers.&lt;name&gt;.*, the same keys). */
public interface MqttConfig extends MqttBrokerConfig {
    /** More brokers, by the name a profile or a point address gives ({@code broker: <name>}). */
    Map<String, Named> brokers();

    /** A named broker: like the default one, but its URL is required. */
    interface Named extends MqttBrokerConfig {
    }
}
