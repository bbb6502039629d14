package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.AdapterTransport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;

/**
 * The adapter contract over Camel (DESIGN §3.4): an exchange to {@code direct:adapter-<protocol>} with headers
 * DmCommand, DmDeviceId, DmPath, DmAddress, DmFormat, DmType, DmProfile and the value as body; the adapter answers
 * with DmStatus (200 when it sets none) and the value as body. A missing adapter fails at once; an adapter that
 * does not answer within gateway.adapters.timeout is abandoned. Calls run on their own bounded pool
 * (gateway.adapters.concurrency), not the ProducerTemplate's small default one, so that a fanout can keep hundreds of
 * devices busy while each call waits on its device.
 */
public final class CamelAdapterTransport implements AdapterTransport {

    private final ProducerTemplate template;
    private final Duration timeout;
    private final ExecutorService calls;

    /** @param calls runs the adapter exchanges; a full pool refuses the command rather than wait past its time */
    public CamelAdapterTransport(ProducerTemplate template, Duration timeout, ExecutorService calls) {
        this.template = template;
        this.timeout = timeout;
        this.calls = calls;
    }

    @Override
    public Response send(Request r) throws AdapterException {
        Map<String, Object> headers = new HashMap<>();
        headers.put("DmCommand", r.command());
        headers.put("DmDeviceId", r.devId());
        headers.put("DmPath", r.path());
        headers.put("DmAddress", r.address());
        headers.put("DmFormat", r.format());
        headers.put("DmType", r.type());
        headers.put("DmProfile", r.profile());
        String uri = "direct:adapter-" + r.protocol() + "?block=false&failIfNoConsumers=true";
        CompletableFuture<Exchange> future;
        try {
            future = CompletableFuture.supplyAsync(() -> template.send(uri, ex -> {
                ex.getMessage().setHeaders(headers);
                ex.getMessage().setBody(r.body());
            }), calls);
        } catch (RejectedExecutionException e) {
            throw new AdapterException(AdapterException.Kind.UNREACHABLE, "too many adapter calls waiting"
                    + " (gateway.adapters.concurrency is full and its queue too)", e);
        }
        Exchange ex;
        try {
            ex = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AdapterException(AdapterException.Kind.TIMEOUT, "no answer from the " + r.protocol()
                    + " adapter within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException(AdapterException.Kind.TIMEOUT, "interrupted", e);
        } catch (ExecutionException e) {
            throw failure(r, e.getCause());
        }
        if (ex.getException() != null) {
            throw failure(r, ex.getException());
        }
        Object raw = ex.getMessage().getHeader("DmStatus");
        int status;
        try {
            status = raw == null ? 200 : Integer.parseInt(raw.toString().trim());
        } catch (NumberFormatException e) {
            // an adapter route with a mistake must not break the command: say what it answered
            throw new AdapterException(AdapterException.Kind.UNREACHABLE, "the " + r.protocol()
                    + " adapter answered DmStatus '" + raw + "', not a status code", e);
        }
        return new Response(status, ex.getMessage().getBody(byte[].class));
    }

    private static AdapterException failure(Request r, Throwable t) {
        Throwable cause = t instanceof CamelExecutionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof DirectConsumerNotAvailableException) {
            return new AdapterException(AdapterException.Kind.NO_ADAPTER, "no adapter route for protocol '"
                    + r.protocol() + "' (direct:adapter-" + r.protocol() + ")", cause);
        }
        return new AdapterException(AdapterException.Kind.UNREACHABLE, cause.getClass().getSimpleName() + ": "
                + cause.getMessage(), cause);
    }
}
