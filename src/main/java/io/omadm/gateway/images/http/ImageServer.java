package io.omadm.gateway.images.http;

import io.omadm.gateway.images.ByteRange;
import io.omadm.gateway.images.ImageAccess;
import io.omadm.gateway.images.Images;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The image store over HTTP, as Vert.x routes so that files go out by sendfile and come in as a stream, never whole in
 * memory. {@code GET|HEAD /images/{sha256}} (DCIS-001, DESIGN §3.1): stored images for the devices behind the
 * gateway, with ETag (the hash) and If-None-Match, one byte range (Range: bytes=a-b, a-, -n; 206, or 416), and
 * Content-Length. Only clients in gateway.images.allow, or with the device token (?dev=&amp;token=), get an image (403
 * otherwise); while storage is off (GwConfig/ImageStorage) none is served.
 */
@ApplicationScoped
public class ImageServer {

    private static final Logger LOG = Logger.getLogger(ImageServer.class.getName());

    void routes(@Observes Router router, Images images, ImageAccess access) {
        router.route("/images/:sha256").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .blockingHandler(ctx -> serve(ctx, images, access), false);
    }

    private static void serve(RoutingContext ctx, Images images, ImageAccess access) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = ctx.response();
        String sha = ctx.pathParam("sha256");
        String remote = req.remoteAddress() == null ? "" : req.remoteAddress().host();
        if (!access.allows(remote, sha, req.getParam("dev"), req.getParam("token"))) {
            LOG.warning("image " + sha + " refused to " + remote + " (dev " + req.getParam("dev")
                    + "): not in gateway.images.allow and no valid token");
            text(resp, 403, "not allowed: this address is not in gateway.images.allow and no valid device token");
            return;
        }
        if (!images.enabled()) {
            text(resp, 403, "image storage is turned off (GwConfig/ImageStorage)");
            return;
        }
        Optional<Path> file = images.servable(sha);
        if (file.isEmpty()) {
            text(resp, 404, "no stored image " + sha);
            return;
        }
        long size;
        try {
            size = Files.size(file.get());
        } catch (IOException e) {
            text(resp, 404, "no stored image " + sha);
            return;
        }
        String etag = "\"" + sha + "\"";
        resp.putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
        String match = req.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (match != null && (match.trim().equals("*") || match.contains(etag))) {
            resp.setStatusCode(304).end();
            return;
        }
        long[] range = {0, size - 1};
        String rangeHeader = req.getHeader("Range");
        if (rangeHeader != null) {
            Optional<long[]> r = ByteRange.parse(rangeHeader, size);
            if (r.isEmpty()) {
                resp.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                text(resp, 416, "range " + rangeHeader + " not satisfiable: the image has " + size + " bytes");
                return;
            }
            range = r.get();
            resp.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range[0] + "-" + range[1] + "/"
                    + size);
        }
        long length = range[1] - range[0] + 1;
        resp.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
        if (req.method() == HttpMethod.HEAD) {
            resp.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
            return;
        }
        resp.sendFile(file.get().toString(), range[0], length);
    }

    private static void text(HttpServerResponse resp, int status, String message) {
        resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(message);
    }
}
