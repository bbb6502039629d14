package io.omadm.gateway.inventory.camel;

import java.util.UUID;
import javax.net.SocketFactory;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;

/**
 * Devices announcing themselves and their presence over MQTT 5 (inventory.Announcements), on the site's broker as the
 * mqtt adapter reaches it: gateway.mqtt.url, its user name and password, and for ssl:// the TLS sockets the wiring
 * makes ({@code gatewayMqttSocketFactory}: the broker's CAs, the host name checked). In Java rather than YAML because
 * the routes exist only when gateway.mqtt.url names a broker, and so that the password is set on the endpoint, never
 * written in a URI that could be logged.
 */
public class MqttInventoryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        String broker = setting("gateway.mqtt.url");
        if (broker.isBlank()) {
            return;
        }
        String instance = UUID.randomUUID().toString().substring(0, 8); // several gateways may share a broker
        from(endpoint("gwmo/announce/+", "gw-announce-" + instance, broker))
                .routeId("mqtt-announce")
                .bean("announcements", "announce(${header.CamelMqttTopic}, ${body})");
        from(endpoint("gwmo/presence/+", "gw-presence-" + instance, broker))
                .routeId("mqtt-presence")
                .bean("announcements", "presence(${header.CamelMqttTopic}, ${body})");
    }

    private PahoMqtt5Endpoint endpoint(String topic, String clientId, String broker) {
        PahoMqtt5Endpoint e = getContext().getEndpoint("paho-mqtt5:" + topic + "?clientId=" + clientId,
                PahoMqtt5Endpoint.class);
        PahoMqtt5Configuration c = e.getConfiguration();
        c.setBrokerUrl(broker);
        c.setAutomaticReconnect(true);
        c.setQos(1);
        String user = setting("gateway.mqtt.username");
        if (!user.isBlank()) {
            c.setUserName(user);
            c.setPassword(setting("gateway.mqtt.password"));
        }
        if (broker.startsWith("ssl://")) {
            c.setSocketFactory(getContext().getRegistry().lookupByNameAndType("gatewayMqttSocketFactory",
                    SocketFactory.class));
            c.setHttpsHostnameVerificationEnabled(!"false".equalsIgnoreCase(setting(
                    "gateway.mqtt.verify-host-name")));
        }
        return e;
    }

    private String setting(String key) {
        return getContext().getPropertiesComponent().resolveProperty(key).orElse("");
    }
}
