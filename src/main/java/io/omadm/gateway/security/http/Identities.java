package io.omadm.gateway.security.http;

import io.omadm.gateway.security.Credentials;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** A verdict of {@link Credentials} as Quarkus's SecurityIdentity, with the caller's role and those it includes. */
final class Identities {

    /** The SecurityIdentity attribute saying how the caller proved itself (password, token:&lt;id&gt;). */
    static final String VIA = "gateway.via";

    private Identities() {
    }

    static RoutingContext context(AuthenticationRequest request) {
        return HttpSecurityUtils.getRoutingContextAttribute(request);
    }

    static String address(RoutingContext ctx) {
        return ctx == null || ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    }

    /** The identity of an accepted verdict; empty for a refusal (marked on the request when it is a lockout). */
    static Optional<SecurityIdentity> of(Credentials.Verdict v, RoutingContext ctx) {
        if (v.retryAfter().isPresent() && ctx != null) {
            ctx.put(GatewayAuthMechanism.RETRY_AFTER, v.retryAfter().get());
        }
        return v.identity().map(i -> QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(i.name()))
                .addRoles(i.role().granted()).addAttribute(VIA, i.via()).build());
    }
}
