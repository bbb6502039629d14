package io.omadm.gateway.security.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The devices' faces take bodies no larger than a DM message can be: a request whose Content-Length says more is
 * answered 413 before its body is read (gateway.security.limits.*). A body sent without a length (chunked) is held
 * to Quarkus's quarkus.http.limits.max-body-size; the operator API to that too, image uploads to the image quota.
 */
@ApplicationScoped
public class BodyLimits {

    private final long dmMessage;
    private final long notification;

    public BodyLimits(@ConfigProperty(name = "gateway.security.limits.dm-message", defaultValue = "1048576")
            long dmMessage, @ConfigProperty(name = "gateway.security.limits.notification", defaultValue = "4096")
            long notification) {
        this.dmMessage = dmMessage;
        this.notification = notification;
    }

    void routes(@Observes Router router) {
        // ahead of Quarkus's body handler (order -2): nothing of a refused body is read
        router.route("/dm").order(-4).handler(ctx -> check(ctx, dmMessage));
        router.route("/notification").order(-4).handler(ctx -> check(ctx, notification));
    }

    private static void check(RoutingContext ctx, long max) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                    .putHeader(HttpHeaders.CONNECTION, "close").end("Content-Length is not a number");
            return;
        }
        if (declared > max) {
            ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                    .putHeader(HttpHeaders.CONNECTION, "close").end("a message here is " + max + " bytes at most, this"
                            + " one says " + declared);
            return;
        }
        ctx.next();
    }
}
