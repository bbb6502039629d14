package io.omadm.gateway.inventory.camel;

import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;

/**
 * Devices announcing themselves and their presence over MQTT 5 (inventory.Announcements). In Java rather than YAML
 * because the routes exist only when gateway.mqtt.url names a broker.
 */
public class MqttInventoryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        String broker = getContext().getPropertiesComponent().resolveProperty("gateway.mqtt.url").orElse("");
        if (broker.isBlank()) {
            return;
        }
        String common = "?brokerUrl=" + broker + "&automaticReconnect=true&qos=1";
        String instance = UUID.randomUUID().toString().substring(0, 8); // several gateways may share a broker
        from("paho-mqtt5:gwmo/announce/+" + common + "&clientId=gw-announce-" + instance)
                .routeId("mqtt-announce")
                .bean("announcements", "announce(${header.CamelMqttTopic}, ${body})");
        from("paho-mqtt5:gwmo/presence/+" + common + "&clientId=gw-presence-" + instance)
                .routeId("mqtt-presence")
                .bean("announcements", "presence(${header.CamelMqttTopic}, ${body})");
    }
}
