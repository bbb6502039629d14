package io.omadm.gateway.security.http;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which requests are the operators' (the API, metrics, OpenAPI, the console), as opposed to the devices' faces
 * ({@code /dm}, {@code /notification}, {@code /images}) and the health probes: operator requests are served over
 * HTTPS only, unless gateway.security.allow-plain-http says a proxy in front terminates TLS.
 */
@ApplicationScoped
public class OperatorPaths {

    private final boolean plainHttpAllowed;

    public OperatorPaths(@ConfigProperty(name = "gateway.security.allow-plain-http", defaultValue = "false")
            boolean plainHttpAllowed) {
        this.plainHttpAllowed = plainHttpAllowed;
    }

    public static boolean isOperator(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/console")
                || path.startsWith("/q/") && !path.startsWith("/q/health/live") && !path.startsWith("/q/health/ready");
    }

    boolean refusedOverPlainHttp(RoutingContext ctx) {
        return !plainHttpAllowed && !ctx.request().isSSL() && isOperator(ctx.normalizedPath());
    }
}
