package io.omadm.gateway.transparent.camel;

import io.omadm.gateway.transparent.NotificationDelivery;
import io.omadm.gateway.transparent.NotificationTarget;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Delivers forwarded notifications through the transparent-deliver route (routes/transparent.yaml): UDP datagrams
 * with camel-netty, HTTP POSTs with camel-http. The route is where a site would add another way to reach its
 * devices (an SMS gateway, say).
 */
public final class CamelNotificationDelivery implements NotificationDelivery {

    private final ProducerTemplate producer;

    public CamelNotificationDelivery(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void deliver(NotificationTarget target, byte[] notification) throws Exception {
        Exchange done = producer.send("direct:transparent-deliver", e -> {
            e.setProperty("notifyTransport", target.transport());
            e.setProperty("notifyHost", target.host());
            e.setProperty("notifyPort", target.port());
            e.setProperty("notifyUrl", target.url());
            e.getMessage().setBody(notification);
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }
}
