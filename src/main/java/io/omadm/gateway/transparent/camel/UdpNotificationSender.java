package io.omadm.gateway.transparent.camel;

import io.omadm.gateway.transparent.UdpSender;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import org.apache.camel.Exchange;

/** The UDP leg of the transparent-deliver route: the exchange's body to notifyHost:notifyPort. */
@ApplicationScoped
@Named("udpNotificationSender")
public class UdpNotificationSender {

    private final UdpSender sender = new UdpSender();

    public void send(Exchange e) throws IOException {
        sender.send(e.getProperty("notifyHost", String.class), e.getProperty("notifyPort", Integer.class),
                e.getMessage().getBody(byte[].class));
    }

    @PreDestroy
    void close() throws IOException {
        sender.close();
    }
}
