package io.omadm.gateway.security.http;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * How callers of the operator API prove who they are: HTTP Basic (a user's name and password) or a bearer API token,
 * both from the Authorization header, or else the console's session cookie ({@link ConsoleSession}), or else a client
 * certificate (mutual TLS, {@link CertificateIdentityProvider}).
 * A refusal is 401 with a Basic challenge; a caller locked out for failing too often ({@code LoginThrottle}) gets 429
 * with Retry-After; the operator API over plain HTTP, unless gateway.security.allow-plain-http (behind a TLS-
 * terminating proxy), gets 403 whatever it sends.
 */
@ApplicationScoped
public class GatewayAuthMechanism implements HttpAuthenticationMechanism {

    /** Set on a request whose caller is locked out: seconds until it may try again. */
    static final String RETRY_AFTER = "gateway.retry-after";
    /** Set on an operator request that came over plain HTTP. */
    static final String PLAIN_HTTP = "gateway.plain-http";

    private final OperatorPaths paths;

    public GatewayAuthMechanism(OperatorPaths paths) {
        this.paths = paths;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (paths.refusedOverPlainHttp(ctx)) {
            ctx.put(PLAIN_HTTP, Boolean.TRUE);
            return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException(
                    "the operator API is served over HTTPS"));
        }
        String header = ctx.request().getHeader("Authorization");
        AuthenticationRequest request = header == null ? ConsoleSession.request(ctx) : request(header.trim());
        if (request != null && header == null && ConsoleSession.forged(ctx)) {
            ctx.put(ConsoleSession.FORGED, Boolean.TRUE);
            return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException(
                    "a change signed in by the console's cookie without the console's header"));
        }
        if (request == null && header == null) {
            request = certificate(ctx);
        }
        if (request == null) {
            return Uni.createFrom().optional(java.util.Optional.empty()); // anonymous: the permissions decide
        }
        HttpSecurityUtils.setRoutingContextAttribute(request, ctx);
        return identities.authenticate(request);
    }

    /**
     * The client certificate of an operator request over TLS that carries no Authorization header (a header wins: a
     * browser may show a certificate its user did not mean to sign in with). The devices' faces ignore certificates.
     */
    private static AuthenticationRequest certificate(RoutingContext ctx) {
        SSLSession tls = ctx.request().sslSession();
        if (tls == null || !OperatorPaths.isOperator(ctx.normalizedPath())) {
            return null;
        }
        try {
            Certificate[] chain = tls.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509
                    ? new ClientCertificateRequest(x509) : null;
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    /** Before Quarkus's own certificate mechanism (1000), which signs in any trusted certificate without a role. */
    @Override
    public int getPriority() {
        return 2000;
    }

    private static AuthenticationRequest request(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return new TokenAuthenticationRequest(new TokenCredential(value, "bearer"));
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new UsernamePasswordAuthenticationRequest(decoded.substring(0, colon),
                new PasswordCredential(decoded.substring(colon + 1).toCharArray()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        if (ctx.get(PLAIN_HTTP) != null || ctx.get(ConsoleSession.FORGED) != null) {
            return Uni.createFrom().item(new ChallengeData(403, null, null));
        }
        Duration retry = ctx.get(RETRY_AFTER);
        if (retry != null) {
            return Uni.createFrom().item(new ChallengeData(429, "Retry-After",
                    Long.toString(Math.max(1, retry.toSeconds()))));
        }
        if (ctx.normalizedPath().startsWith("/console")) { // a page of the console: to its sign-in page
            return Uni.createFrom().item(new ChallengeData(302, "Location", "/console/login.html"));
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                "Basic realm=\"omadm-gateway\", charset=\"UTF-8\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class, TokenAuthenticationRequest.class,
                ClientCertificateRequest.class);
    }
}
