package io.omadm.gateway.admin;

import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.Credentials;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.http.ConsoleSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * /api/v1/session: the operator console's sign-in. A user's name and password (POST, the only operator call open to
 * anyone, under the same lockout as every sign-in) give a session: an API token named "console session" with the
 * user's role, valid 8 hours, listed and revocable like any token, whose secret goes only into a cookie the page's
 * scripts cannot read (HttpOnly, Secure, SameSite=Strict). The gateway takes that cookie as the token
 * ({@link ConsoleSession}: a change also needs the console's request header). GET says who is signed in; DELETE signs
 * out (the token is revoked).
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    static final Duration LIFETIME = Duration.ofHours(8);

    public record SignIn(String username, String password) {
    }

    public record SessionView(String user, String role) {
    }

    private final Credentials credentials;
    private final AccessStore store;
    private final SecurityIdentity caller;

    public SessionResource(Credentials credentials, AccessStore store, SecurityIdentity caller) {
        this.credentials = credentials;
        this.store = store;
        this.caller = caller;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(SignIn body, @Context HttpServerRequest http) {
        if (body == null || body.username() == null || body.username().isBlank() || body.password() == null) {
            return ApiError.badField("username", "a user name and a password");
        }
        String from = http.remoteAddress() == null ? "unknown" : http.remoteAddress().host();
        Credentials.Verdict v = credentials.password(body.username(), body.password().toCharArray(), from);
        if (v.retryAfter().isPresent()) {
            return Response.status(429).header("Retry-After", Math.max(1, v.retryAfter().get().toSeconds()))
                    .entity(new ApiError("too many failed sign-ins: try again later", null)).build();
        }
        if (v.identity().isEmpty()) {
            // no WWW-Authenticate: a browser would answer it with its own sign-in dialog
            return Response.status(401).entity(new ApiError("wrong user name or password", null)).build();
        }
        Credentials.Identity who = v.identity().get();
        Credentials.NewToken session = credentials.issue("console session", who.name(), who.role(), LIFETIME);
        return Response.ok(new SessionView(who.name(), who.role().value()))
                .cookie(cookie(session.secret(), LIFETIME)).build();
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public SessionView current() {
        Role role = caller.hasRole(Role.ADMIN_NAME) ? Role.ADMIN : caller.hasRole(Role.OPERATOR_NAME) ? Role.OPERATOR
                : Role.VIEWER;
        return new SessionView(caller.getPrincipal().getName(), role.value());
    }

    @DELETE
    @RolesAllowed(Role.VIEWER_NAME)
    public Response signOut(@CookieParam(ConsoleSession.COOKIE) String secret) {
        Optional<String> id = Credentials.tokenId(secret);
        id.ifPresent(store::revokeToken);
        return Response.noContent().cookie(cookie("", Duration.ZERO)).build();
    }

    /** The session cookie: sent to the gateway only, over TLS only, never to scripts, never cross-site. */
    private static NewCookie cookie(String value, Duration maxAge) {
        return new NewCookie.Builder(ConsoleSession.COOKIE).value(value).path("/").secure(true).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge.toSeconds()).build();
    }
}
