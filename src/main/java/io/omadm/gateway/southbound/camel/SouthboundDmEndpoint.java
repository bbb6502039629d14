package io.omadm.gateway.southbound.camel;

import io.omadm.gateway.auth.HmacHeader;
import io.omadm.gateway.southbound.DeviceSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * POST /dm (route {@code southbound-dm}): a device's message in, the gateway's answer out, with the x-syncml-hmac
 * header when the device's account signs. One processor rather than bean binding and simple expressions in the
 * route: those look the bean up and reflect on the answer at every message, which measured as a tenth of the
 * gateway's time in the southbound session benchmark.
 */
@ApplicationScoped
@Named("southboundDm")
public class SouthboundDmEndpoint implements Processor {

    private final DeviceSessions sessions;

    public SouthboundDmEndpoint(DeviceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        DeviceSessions.Answer a = sessions.handle(m.getBody(byte[].class),
                m.getHeader(Exchange.CONTENT_TYPE, String.class), m.getHeader(Exchange.HTTP_URL, String.class),
                m.getHeader(HmacHeader.NAME, String.class));
        m.removeHeaders("*"); // nothing of the request goes back to the device (its headers, its signature)
        if (a.hmac() != null) {
            m.setHeader(HmacHeader.NAME, a.hmac());
        }
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, a.httpStatus());
        m.setHeader(Exchange.CONTENT_TYPE, a.contentType());
        m.setBody(a.body());
    }
}
