package io.omadm.gateway.adaptation;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.link.LinkState;
import java.util.List;

/**
 * One protocol's side of the adapter contract (DESIGN §3.4), in plain Java: a DM command for one device point in, the
 * device's answer out. An adapter route calls it through a thin Camel shim ({@code adaptation.camel.AdapterBean}), so
 * the protocol code is tested without Camel. A device that answers, even with a refusal, is a {@link Response} with
 * its DM status; an exception means the device was not reached.
 */
public interface ProtocolAdapter extends AddressSyntax {

    Response handle(Request request) throws Exception;

    /** How each of the adapter's connections (brokers, servers, buses) stands now; none made yet: empty. */
    default List<LinkState> links() {
        return List.of();
    }

    /** Lets go of the adapter's connections (at shutdown). */
    default void close() {
    }
}
