package io.omadm.gateway.notification.camel;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;

/**
 * Package 0 over UDP (DESIGN §3.1, gateway.notification.udp-port, 0 = off). In Java rather than YAML because the
 * route exists only when the port is set.
 */
public class NotificationRoutes extends RouteBuilder {

    @Override
    public void configure() {
        int port = getContext().getPropertiesComponent().resolveProperty("gateway.notification.udp-port")
                .map(Integer::parseInt).orElse(0);
        if (port <= 0) {
            return;
        }
        from("netty:udp://0.0.0.0:" + port + "?sync=false&udpByteArrayCodec=true")
                .routeId("notification-udp")
                .process(e -> e.getMessage().setHeader("from", "udp:"
                        + e.getMessage().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS)))
                .bean("notificationReceiver", "receive(${body}, ${header.from})");
    }
}
