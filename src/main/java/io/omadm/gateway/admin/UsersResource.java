package io.omadm.gateway.admin;

import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.PasswordHash;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.User;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * /api/v1/users: the people who sign in to the operator API and console (admin), and each user's own password.
 * Passwords go in, never out: a user's view has its name, role and creation time only.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

    public record NewUser(String name, String password, String role) {
    }

    public record PasswordChange(String password) {
    }

    public record RoleChange(String role) {
    }

    public record UserView(String name, String role, long created, boolean disabled) {
        static UserView of(User u) {
            return new UserView(u.name(), u.role().value(), u.created(), u.disabled());
        }
    }

    /** The caller: who they are and what their role lets them do. */
    public record Me(String name, String role, String via) {
    }

    private final AccessStore store;
    private final SecurityIdentity caller;

    public UsersResource(AccessStore store, SecurityIdentity caller) {
        this.store = store;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Role.ADMIN_NAME)
    public List<UserView> list() {
        return store.users().stream().map(UserView::of).toList();
    }

    @GET
    @Path("me")
    @RolesAllowed(Role.VIEWER_NAME)
    public Me me() {
        String role = caller.hasRole(Role.ADMIN_NAME) ? Role.ADMIN_NAME : caller.hasRole(Role.OPERATOR_NAME)
                ? Role.OPERATOR_NAME : Role.VIEWER_NAME;
        return new Me(caller.getPrincipal().getName(), role, caller.getAttribute("gateway.via"));
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    public Response create(NewUser body) {
        if (body == null || body.name() == null || !body.name().matches(User.NAME_PATTERN)) {
            return ApiError.badField("name", User.NAME_RULE);
        }
        Optional<Role> role = Role.parse(body.role());
        if (role.isEmpty()) {
            return ApiError.badField("role", "role is viewer, operator or admin");
        }
        Response weak = weakPassword(body.password());
        if (weak != null) {
            return weak;
        }
        if (!store.createUser(body.name(), PasswordHash.of(body.password().toCharArray()), role.get(),
                Clock.systemUTC().millis())) {
            return ApiError.of(Response.Status.CONFLICT, "user " + body.name() + " exists", "name");
        }
        return Response.status(Response.Status.CREATED).entity(UserView.of(store.user(body.name()).orElseThrow()))
                .build();
    }

    /** A user's new password: an admin sets anyone's, every user their own. */
    @PUT
    @Path("{name}/password")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response password(@PathParam("name") String name, PasswordChange body) {
        if (!caller.hasRole(Role.ADMIN_NAME) && !caller.getPrincipal().getName().equals(name)) {
            return ApiError.of(Response.Status.FORBIDDEN, "only an admin sets another user's password", null);
        }
        Response weak = weakPassword(body == null ? null : body.password());
        if (weak != null) {
            return weak;
        }
        return store.setPassword(name, PasswordHash.of(body.password().toCharArray())) ? Response.noContent().build()
                : ApiError.notFound("no user " + name);
    }

    @PUT
    @Path("{name}/role")
    @RolesAllowed(Role.ADMIN_NAME)
    public Response role(@PathParam("name") String name, RoleChange body) {
        Optional<Role> role = Role.parse(body == null ? null : body.role());
        if (role.isEmpty()) {
            return ApiError.badField("role", "role is viewer, operator or admin");
        }
        if (store.user(name).isEmpty()) {
            return ApiError.notFound("no user " + name);
        }
        return store.setRole(name, role.get()) ? Response.ok(UserView.of(store.user(name).orElseThrow())).build()
                : ApiError.of(Response.Status.CONFLICT, name + " is the last admin", "role");
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    public Response delete(@PathParam("name") String name) {
        if (store.user(name).isEmpty()) {
            return ApiError.notFound("no user " + name);
        }
        return store.deleteUser(name) ? Response.noContent().build()
                : ApiError.of(Response.Status.CONFLICT, name + " is the last admin", null);
    }

    private static Response weakPassword(String password) {
        return PasswordHash.weakness(password).map(why -> ApiError.badField("password", why)).orElse(null);
    }
}
