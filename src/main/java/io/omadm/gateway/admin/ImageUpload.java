package io.omadm.gateway.admin;

import io.omadm.gateway.audit.AuditEvent;
import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.http.Actor;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * {@code PUT /api/v1/images/{id}/data} (operator): the upload of a package, as a Vert.x route so that it comes in as a
 * stream, never whole in memory.
 */
@ApplicationScoped
public class ImageUpload {

    private static final Logger LOG = Logger.getLogger(ImageUpload.class.getName());

    void routes(@Observes Router router, Images images, AuditTrail audit) {
        // ahead of Quarkus's body-size check (order -2, quarkus.http.limits.max-body-size): an image is streamed to
        // disk and held within the image quota instead
        router.route("/api/v1/images/:id/data").order(-3).method(HttpMethod.PUT).handler(ctx -> {
            audited(ctx, audit);
            upload(ctx, images);
        });
    }

    /**
     * {@code PUT /api/v1/images/{id}/data}: the package itself, streamed to the image store as it arrives (never whole
     * in memory, whatever its size); 200 with the entry once stored, else the refusal (404, 405, 413, 400...).
     */
    private static void upload(RoutingContext ctx, Images images) {
        // a Vert.x route, not a JAX-RS method: its role is checked here (the /api/* permission only authenticates)
        if (!(ctx.user() instanceof QuarkusHttpUser user) || !user.getSecurityIdentity().hasRole(Role.OPERATOR_NAME)) {
            json(ctx.response(), ctx.user() == null ? 401 : 403, Map.of("error", "uploading an image takes the"
                    + " operator role"));
            return;
        }
        HttpServerRequest req = ctx.request();
        req.pause();
        String id = ctx.pathParam("id");
        ctx.vertx().<Images.Upload>executeBlocking(() -> images.upload(id), false).onComplete(made -> {
            if (made.failed()) {
                LOG.warning("image " + id + " upload not started: " + made.cause());
                json(ctx.response(), 500, Map.of("error", "the upload could not start; see the gateway's log"));
                return;
            }
            Images.Upload upload = made.result();
            AtomicReference<Images.Outcome> failed = new AtomicReference<>();
            req.handler(chunk -> {
                if (failed.get() == null) {
                    upload.append(chunk.getBytes()).ifPresent(failed::set);
                }
            });
            req.exceptionHandler(e -> upload.cancel());
            req.endHandler(v -> ctx.vertx().<Images.Outcome>executeBlocking(() -> failed.get() != null ? failed.get()
                    : upload.finish(), false).onComplete(done -> {
                        Images.Outcome o = done.succeeded() ? done.result()
                                : new Images.Outcome(500, "the upload could not be stored; see the gateway's log");
                        if (done.failed()) {
                            LOG.warning("image " + id + " upload not stored: " + done.cause());
                        }
                        if (o.status() == 200) {
                            json(ctx.response(), 200, ImagesResource.view(images, images.catalog().find(id)
                                    .orElseThrow()));
                        } else {
                            LOG.warning("image " + id + " upload refused: " + o.message());
                            json(ctx.response(), ImagesResource.httpStatus(o), Map.of("error", o.message()));
                        }
                    }));
            req.resume();
        });
    }

    /** When the answer is sent, the upload (or its refusal) goes to the audit trail, off the event loop. */
    private static void audited(RoutingContext ctx, AuditTrail audit) {
        String actor = Actor.of(ctx.user() instanceof QuarkusHttpUser u ? u.getSecurityIdentity() : null);
        String from = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        String path = ctx.request().path();
        ctx.addBodyEndHandler(v -> ctx.vertx().executeBlocking(() -> {
            audit.record(AuditEvent.of(System.currentTimeMillis(), actor, from, "PUT", path,
                    ctx.response().getStatusCode()));
            return null;
        }, false));
    }

    private static void json(HttpServerResponse resp, int status, Object body) {
        resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(io.vertx.core.json.Json.encode(body));
    }

}
