package io.omadm.gateway.security.http;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The operator console's session cookie ({@code /api/v1/session}): the secret of an API token, taken as one when a
 * request carries no Authorization header. A browser sends cookies with requests other sites make it send, so a
 * change (any method but GET, HEAD, OPTIONS) signed in by the cookie also needs the console's own header
 * {@value #HEADER}, which no other site's page can add without a CORS preflight the gateway never grants; with the
 * cookie's SameSite=Strict that closes cross-site request forgery.
 */
public final class ConsoleSession {

    public static final String COOKIE = "gw_console";
    public static final String HEADER = "X-Gateway-Console";
    /** Set on a request refused for want of the console's header. */
    static final String FORGED = "gateway.console-forged";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private ConsoleSession() {
    }

    /** The token the cookie holds, or null when there is none. */
    static TokenAuthenticationRequest request(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        if (c == null || c.getValue() == null || c.getValue().isBlank()) {
            return null;
        }
        return new TokenAuthenticationRequest(new TokenCredential(c.getValue(), "cookie"));
    }

    /** Whether a cookie-signed request changes something without the console's header. */
    static boolean forged(RoutingContext ctx) {
        return !READS.contains(ctx.request().method().name()) && ctx.request().getHeader(HEADER) == null;
    }
}
