package io.omadm.gateway.adaptation.camel;

import io.omadm.gateway.adaptation.AdapterTransport;
import io.omadm.gateway.adaptation.TimeBoundAdapter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The adapter contract over Camel (DESIGN §3.4): an exchange to {@code direct:adapter-<protocol>} with headers
 * DmCommand, DmDeviceId, DmPath, DmAddress, DmFormat, DmType, DmProfile and the value as body; the adapter answers
 * with DmStatus (200 when it sets none) and the value as body ({@link AdapterHeaders}). A missing adapter fails at
 * once; an adapter that does not answer within gateway.adapters.timeout is abandoned. Calls run on their own bounded
 * pool (gateway.adapters.concurrency), not the ProducerTemplate's small default one, so that a fanout can keep
 * hundreds of devices busy while each call waits on its device. The exception: a route that is one call of a
 * {@link TimeBoundAdapter}'s {@link AdapterBean} (the shipped mqtt route) runs on the caller's thread, since that
 * adapter gives up before the timeout by itself; the hand-over to the pool and back was an eighth of a 10,000-device
 * fanout's time. A route an integrator has added steps to goes back to the pool at once, its next call after the
 * reload.
 */
public final class CamelAdapterTransport implements AdapterTransport {

    private final ProducerTemplate template;
    private final Duration timeout;
    private final ExecutorService calls;
    /** Where each protocol's adapter route runs, as decided for the route now deployed. */
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
    /**
     * The endpoint each protocol's commands are sent to, resolved once (from its URI at every call, it was 1 % of the
     * gateway's CPU in a fanout). It stays valid when the route behind it is reloaded or removed: the direct component
     * finds the route's consumer at each send.
     */
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    private record Decision(Route route, boolean onCaller) {
    }

    /** @param calls runs the adapter exchanges; a full pool refuses the command rather than wait past its time */
    public CamelAdapterTransport(ProducerTemplate template, Duration timeout, ExecutorService calls) {
        this.template = template;
        this.timeout = timeout;
        this.calls = calls;
    }

    @Override
    public Response send(Request r) throws AdapterException {
        Endpoint adapter = endpoints.computeIfAbsent(r.protocol(), p -> template.getCamelContext()
                .getEndpoint("direct:adapter-" + p + "?block=false&failIfNoConsumers=true"));
        Supplier<Exchange> call = () -> template.send(adapter, ex -> AdapterHeaders.put(r, ex.getMessage()));
        Exchange ex = runsOnCaller(r.protocol()) ? call.get() : onPool(call, r);
        if (ex.getException() != null) {
            throw failure(r, ex.getException());
        }
        Object raw = ex.getMessage().getHeader(AdapterHeaders.STATUS);
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

    /** The call on the adapter pool, abandoned after the timeout. */
    private Exchange onPool(Supplier<Exchange> call, Request r) throws AdapterException {
        CompletableFuture<Exchange> future;
        try {
            future = CompletableFuture.supplyAsync(call, calls);
        } catch (RejectedExecutionException e) {
            throw new AdapterException(AdapterException.Kind.UNREACHABLE, "too many adapter calls waiting"
                    + " (gateway.adapters.concurrency is full and its queue too)", e);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
    }

    /**
     * Whether the protocol's adapter route may run on the caller's thread: it is one bean or process step, and that
     * bean is a {@link TimeBoundAdapter}. Decided once per route: a reloaded route is a new route, decided again.
     */
    boolean runsOnCaller(String protocol) {
        Decision d = decisions.get(protocol);
        if (d == null || d.route() != template.getCamelContext().getRoute(d.route().getRouteId())) {
            d = decide(protocol);
            if (d == null) {
                decisions.remove(protocol);
                return false; // no route: the pool's path reports it
            }
            decisions.put(protocol, d);
        }
        return d.onCaller();
    }

    private Decision decide(String protocol) {
        CamelContext camel = template.getCamelContext();
        String from = "direct://adapter-" + protocol;
        for (Route route : camel.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (uri.equals(from) || uri.startsWith(from + "?")) {
                RouteDefinition def = camel instanceof ModelCamelContext m ? m.getRouteDefinition(route.getRouteId())
                        : null;
                return new Decision(route, def != null && def.getOutputs().size() == 1
                        && isTimeBound(camel, def.getOutputs().get(0)));
            }
        }
        return null;
    }

    private static boolean isTimeBound(CamelContext camel, ProcessorDefinition<?> step) {
        String ref = step instanceof BeanDefinition b ? b.getRef() : step instanceof ProcessDefinition p ? p.getRef()
                : null;
        return ref != null && camel.getRegistry().lookupByName(ref) instanceof AdapterBean bean
                && bean.adapter() instanceof TimeBoundAdapter;
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
