package io.omadm.gateway.adaptation.camel;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import org.apache.camel.Message;

/**
 * The adapter contract as Camel message headers (DESIGN §3.4): the names integrators use in adapter routes, and the
 * mapping of a request and its response onto an exchange's message.
 */
public final class AdapterHeaders {

    public static final String COMMAND = "DmCommand";
    public static final String DEVICE_ID = "DmDeviceId";
    public static final String PATH = "DmPath";
    public static final String ADDRESS = "DmAddress";
    public static final String FORMAT = "DmFormat";
    public static final String TYPE = "DmType";
    public static final String PROFILE = "DmProfile";
    public static final String PROTOCOL = "DmProtocol";
    public static final String STATUS = "DmStatus";

    private AdapterHeaders() {
    }

    /** Sets the request on a message about to go to an adapter route. */
    static void put(Request r, Message m) {
        m.setHeader(COMMAND, r.command());
        m.setHeader(DEVICE_ID, r.devId());
        m.setHeader(PROTOCOL, r.protocol());
        m.setHeader(PATH, r.path());
        m.setHeader(ADDRESS, r.address());
        m.setHeader(FORMAT, r.format());
        m.setHeader(TYPE, r.type());
        m.setHeader(PROFILE, r.profile());
        m.setBody(r.body());
    }

    /** The request an adapter route's message carries. */
    static Request request(Message m) {
        return new Request(m.getHeader(COMMAND, String.class), m.getHeader(DEVICE_ID, String.class),
                m.getHeader(PROTOCOL, String.class), m.getHeader(PATH, String.class),
                m.getHeader(ADDRESS, String.class), m.getHeader(FORMAT, String.class), m.getHeader(TYPE, String.class),
                m.getHeader(PROFILE, String.class), m.getBody(byte[].class));
    }

    /** Puts an adapter's answer on the message the route returns. */
    static void put(Response r, Message m) {
        m.setHeader(STATUS, r.dmStatus());
        m.setBody(r.body());
    }
}
