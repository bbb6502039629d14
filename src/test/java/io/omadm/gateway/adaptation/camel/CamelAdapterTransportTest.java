package io.omadm.gateway.adaptation.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdapterTransport.AdapterException;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.TimeBoundAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter contract over a plain Camel context: what an adapter route answers, and what its mistakes become. */
class CamelAdapterTransportTest {

    private DefaultCamelContext camel;
    private CamelAdapterTransport transport;
    private final ExecutorService calls = Executors.newFixedThreadPool(4, r -> new Thread(r, "adapter-call"));

    /** A stand-in for a shipped adapter that keeps its own time: it answers with the thread that ran it. */
    public static final class Bounded implements ProtocolAdapter, TimeBoundAdapter {
        @Override
        public Response handle(Request request) {
            return new Response(200, Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String protocol() {
            return "own";
        }

        @Override
        public Optional<String> problem(String address) {
            return Optional.empty();
        }
    }

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("bounded", new AdapterBean(new Bounded()));
        camel.getRegistry().bind("unbounded", (Processor) ex -> ex.getMessage().setBody(Thread.currentThread()
                .getName()));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:adapter-echo").setHeader("DmStatus", constant("201"))
                        .setBody(simple("${header.DmCommand} ${header.DmPath} ${header.DmAddress} ${bodyAs(String)}"));
                from("direct:adapter-typo").setHeader("DmStatus", constant("ok")).setBody(constant("x"));
                from("direct:adapter-slow").delay(4000).setBody(constant("late"));
                from("direct:adapter-broken").throwException(new IllegalStateException("port closed"));
                from("direct:adapter-own").routeId("adapter-own").process("bounded");
                from("direct:adapter-ownbean").bean("bounded", "handle");
                from("direct:adapter-edited").routeId("adapter-edited").log("asked ${header.DmDeviceId}")
                        .process("bounded");
                from("direct:adapter-plain").process("unbounded");
            }
        });
        camel.start();
        transport = new CamelAdapterTransport(camel.createProducerTemplate(), Duration.ofMillis(1500), calls);
    }

    @AfterEach
    void stop() {
        camel.stop();
        calls.shutdownNow();
    }

    private static Request request(String protocol) {
        return new Request("Replace", "dev-1", protocol, "Mode", "127.0.0.1:9", "chr", "text/plain", "p",
                "eco".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRouteSeesTheHeadersAndItsStatusAndBodyComeBack() throws Exception {
        Response r = transport.send(request("echo"));
        assertEquals(201, r.dmStatus());
        assertArrayEquals("Replace Mode 127.0.0.1:9 eco".getBytes(StandardCharsets.UTF_8), r.body());
    }

    @Test
    void aStatusThatIsNotANumberIsAnAdapterFailureNamingWhatItSaid() {
        AdapterException e = assertThrows(AdapterException.class, () -> transport.send(request("typo")));
        assertEquals(AdapterException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("'ok'"), e.getMessage());
    }

    @Test
    void aMissingSlowOrThrowingAdapterFailsWithItsKind() {
        assertEquals(AdapterException.Kind.NO_ADAPTER,
                assertThrows(AdapterException.class, () -> transport.send(request("none"))).kind());
        assertEquals(AdapterException.Kind.TIMEOUT,
                assertThrows(AdapterException.class, () -> transport.send(request("slow"))).kind());
        AdapterException broken = assertThrows(AdapterException.class, () -> transport.send(request("broken")));
        assertEquals(AdapterException.Kind.UNREACHABLE, broken.kind());
    }

    private String threadOf(String protocol) throws AdapterException {
        return new String(transport.send(request(protocol)).body(), StandardCharsets.UTF_8);
    }

    @Test
    void aRouteThatIsOneCallOfATimeBoundAdapterRunsOnTheCallersThreadAnyOtherOnThePool() throws Exception {
        String caller = Thread.currentThread().getName();
        assertEquals(caller, threadOf("own"), "a process step of a time-bound bean");
        assertEquals(caller, threadOf("ownbean"), "a bean step of a time-bound bean");
        assertEquals("adapter-call", threadOf("edited"), "a step added before it: the pool and its timeout");
        assertEquals("adapter-call", threadOf("plain"), "a processor that does not keep its own time");
        assertFalse(transport.runsOnCaller("none"));
    }

    @Test
    void aRouteReplacedWithMoreStepsGoesBackToThePoolAndBackAndARemovedOneIsMissing() throws Exception {
        String caller = Thread.currentThread().getName();
        assertEquals(caller, threadOf("own"));
        camel.getRouteController().stopRoute("adapter-own");
        camel.removeRoute("adapter-own");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:adapter-own").routeId("adapter-own").delay(4000).process("bounded");
            }
        });
        assertEquals(AdapterException.Kind.TIMEOUT,
                assertThrows(AdapterException.class, () -> transport.send(request("own"))).kind(),
                "the edited route runs on the pool, whose timeout abandons it");
        camel.getRouteController().stopRoute("adapter-own");
        camel.removeRoute("adapter-own");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:adapter-own").routeId("adapter-own").process("bounded");
            }
        });
        assertEquals(caller, threadOf("own"));
        camel.getRouteController().stopRoute("adapter-own");
        camel.removeRoute("adapter-own");
        assertEquals(AdapterException.Kind.NO_ADAPTER,
                assertThrows(AdapterException.class, () -> transport.send(request("own"))).kind(),
                "a route removed after commands went to it: missing, not a send into nothing");
    }

    @Test
    void aCallWithNoRoomInThePoolIsRefusedAtOnceSayingSo() throws Exception {
        ExecutorService one = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new SynchronousQueue<>());
        try {
            CamelAdapterTransport full = new CamelAdapterTransport(camel.createProducerTemplate(),
                    Duration.ofMillis(1500), one);
            Future<?> busy = calls.submit(() -> full.send(request("slow")));
            Thread.sleep(100); // the slow call holds the pool's one thread for four seconds
            AdapterException e = assertThrows(AdapterException.class, () -> full.send(request("echo")));
            assertEquals(AdapterException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("gateway.adapters.concurrency"), e.getMessage());
            assertThrows(ExecutionException.class, busy::get); // the slow one timed out on its own
        } finally {
            one.shutdownNow();
        }
    }
}
