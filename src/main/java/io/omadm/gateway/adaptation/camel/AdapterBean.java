package io.omadm.gateway.adaptation.camel;

import io.omadm.gateway.adaptation.ProtocolAdapter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The thin Camel shim of a {@link ProtocolAdapter}: an adapter route's {@code bean: {ref: <name>, method: handle}} step
 * (or {@code process: {ref: <name>}}) reads the request from the message's headers and body and sets the adapter's
 * answer as DmStatus and body.
 */
public final class AdapterBean implements Processor {

    private final ProtocolAdapter adapter;

    public AdapterBean(ProtocolAdapter adapter) {
        this.adapter = adapter;
    }

    public void handle(Message m) throws Exception {
        AdapterHeaders.put(adapter.handle(AdapterHeaders.request(m)), m);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        handle(exchange.getMessage());
    }

    public ProtocolAdapter adapter() {
        return adapter;
    }
}
