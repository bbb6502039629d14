package io.omadm.gateway.app;

import io.omadm.gateway.admin.ImagesResource;
import io.omadm.gateway.gwmo.Settings;
import io.omadm.gateway.images.ImageAccess;
import io.omadm.gateway.images.Images;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The image store over HTTP, as Vert.x routes so that files go out by sendfile and come in as a stream, never whole in
 * memory. {@code GET|HEAD /images/{sha256}} (DCIS-001, DESIGN §3.1): stored images for the devices behind the
 * gateway, with ETag (the hash) and If-None-Match, one byte range (Range: bytes=a-b, a-, -n; 206, or 416), and
 * Content-Length. Only clients in gateway.images.allow, or with the device token (?dev=&amp;token=), get an image (403
 * otherwise); while storage is off (GwConfig/ImageStorage) none is served. {@code PUT /api/v1/images/{id}/data}: the
 * operator's upload of a package.
 */
@ApplicationScoped
public class ImageServer {

    private static final Logger LOG = Logger.getLogger(ImageServer.class.getName());

    void routes(@Observes Router router, Images images, ImageAccess access) {
        router.route("/images/:sha256").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .blockingHandler(ctx -> serve(ctx, images, access), false);
        // ahead of Quarkus's body-size check (order -2, quarkus.http.limits.max-body-size): an image is streamed to
        // disk and held within the image quota instead
        router.route("/api/v1/images/:id/data").order(-3).method(HttpMethod.PUT).handler(ctx -> upload(ctx, images));
    }

    /**
     * {@code PUT /api/v1/images/{id}/data}: the package itself, streamed to the image store as it arrives (never whole
     * in memory, whatever its size); 200 with the entry once stored, else the refusal (404, 405, 413, 400...).
     */
    private static void upload(RoutingContext ctx, Images images) {
        HttpServerRequest req = ctx.request();
        req.pause();
        String id = ctx.pathParam("id");
        ctx.vertx().<Images.Upload>executeBlocking(() -> images.upload(id), false).onComplete(made -> {
            if (made.failed()) {
                json(ctx.response(), 500, Map.of("error", String.valueOf(made.cause())));
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
                                : new Images.Outcome(500, String.valueOf(done.cause()));
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

    private static void json(HttpServerResponse resp, int status, Object body) {
        resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(io.vertx.core.json.Json.encode(body));
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

    /**
     * The configured base URL ("{port}" in it stands for the HTTP port the gateway listens on), or one made of this
     * machine's first site-local address and the HTTP port.
     */
    static Supplier<String> baseUrl(Optional<String> configured) {
        String url = configured.filter(u -> !u.isBlank())
                .orElse("http://" + siteLocalAddress().orElse("127.0.0.1") + ":{port}");
        return () -> url.replace("{port}", ConfigProvider.getConfig().getValue(
                LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port",
                String.class));
    }

    private static Optional<String> siteLocalAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            LOG.fine("no network interfaces: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The gateway's key for device tokens: made once, kept with its settings. */
    static byte[] key(Settings settings) {
        String name = "images/token-key";
        Optional<String> kept = settings.get(name);
        if (kept.isPresent()) {
            return Base64.getDecoder().decode(kept.get());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        settings.put(name, Base64.getEncoder().encodeToString(key));
        return key;
    }
}
