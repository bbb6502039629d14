package io.omadm.gateway.security.http;

import io.omadm.gateway.security.SourceLimits;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * {@link SourceLimits} on the plain HTTP port, ahead of everything else: a source over its request rate gets 429 with
 * Retry-After, a source holding too many connections gets 429 and the new connection is closed. A connection is
 * counted at its first request (one that never sends a whole request is closed by the read and idle timeouts). The
 * HTTPS port has the sign-in throttle instead.
 */
@ApplicationScoped
public class PlainPortLimits {

    private static final Logger LOG = Logger.getLogger(PlainPortLimits.class.getName());

    private final SourceLimits limits;
    /** Connections counted, to their source. */
    private final Map<HttpConnection, String> counted = new ConcurrentHashMap<>();

    public PlainPortLimits(SourceLimits limits) {
        this.limits = limits;
    }

    void routes(@Observes Router router) {
        router.route().order(-5).handler(this::check); // before the body limits (-4) and Quarkus's handlers
    }

    private void check(RoutingContext ctx) {
        if (ctx.request().isSSL()) {
            ctx.next();
            return;
        }
        String source = Identities.address(ctx);
        if (!admitConnection(ctx.request().connection(), source)) {
            LOG.warning("connection from " + source + " refused: it holds " + limits.connectionsPerSource()
                    + " open already");
            HttpConnection connection = ctx.request().connection();
            refuse(ctx, Duration.ofSeconds(1)).putHeader(HttpHeaders.CONNECTION, "close")
                    .end("too many connections from this address").onComplete(sent -> connection.close());
            return;
        }
        Optional<Duration> wait = limits.request(source);
        if (wait.isPresent()) {
            refuse(ctx, wait.get()).end("too many requests from this address: try again in " + seconds(wait.get())
                    + " s");
            return;
        }
        ctx.next();
    }

    /** Counts a connection at its first request; one Vert.x cannot tell the close of is not counted. */
    private boolean admitConnection(HttpConnection connection, String source) {
        if (!(connection instanceof ConnectionBase base) || counted.containsKey(connection)) {
            return true;
        }
        if (!limits.connectionOpened(source)) {
            return false;
        }
        counted.put(connection, source);
        base.closeFuture().onComplete(done -> { // Vert.x's own close future: it takes several listeners
            counted.remove(connection);
            limits.connectionClosed(source);
        });
        return true;
    }

    private static HttpServerResponse refuse(RoutingContext ctx, Duration wait) {
        return ctx.response().setStatusCode(429).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                .putHeader("Retry-After", Long.toString(seconds(wait)));
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
