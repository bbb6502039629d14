package io.omadm.gateway.admin;

import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.ApiToken;
import io.omadm.gateway.security.Credentials;
import io.omadm.gateway.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * /api/v1/tokens (admin): API tokens for machines, used as {@code Authorization: Bearer <secret>}. The secret is in
 * the answer to the POST only; the gateway keeps its SHA-256. A token has a role, may expire, and is revoked with
 * DELETE (it stays listed, revoked).
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class TokensResource {

    public record NewTokenRequest(String name, String role, Integer validDays) {
    }

    public record TokenView(String id, String name, String owner, String role, long created, Long expires,
            boolean revoked) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), t.owner(), t.role().value(), t.created(), t.expires(),
                    t.revoked());
        }
    }

    /** The answer to a POST: the token and, this once, its secret. */
    public record Issued(TokenView token, String secret) {
    }

    private final AccessStore store;
    private final Credentials credentials;
    private final SecurityIdentity caller;

    public TokensResource(AccessStore store, Credentials credentials, SecurityIdentity caller) {
        this.store = store;
        this.credentials = credentials;
        this.caller = caller;
    }

    @GET
    public List<TokenView> list() {
        return store.tokens().stream().map(TokenView::of).toList();
    }

    @POST
    public Response create(NewTokenRequest body) {
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 128) {
            return ApiError.badField("name", "a token's name says what uses it: 1 to 128 characters");
        }
        Optional<Role> role = Role.parse(body.role());
        if (role.isEmpty()) {
            return ApiError.badField("role", "role is viewer, operator or admin");
        }
        if (body.validDays() != null && (body.validDays() < 1 || body.validDays() > 3650)) {
            return ApiError.badField("validDays", "validDays is 1 to 3650 (or absent: no expiry)");
        }
        Credentials.NewToken t = credentials.issue(body.name().trim(), caller.getPrincipal().getName(), role.get(),
                body.validDays() == null ? null : Duration.ofDays(body.validDays()));
        return Response.status(Response.Status.CREATED).entity(new Issued(TokenView.of(t.token()), t.secret()))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return store.revokeToken(id) ? Response.noContent().build()
                : ApiError.notFound("no token " + id + " to revoke");
    }
}
