package io.omadm.gateway.admin;

import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.keys.KeyRotation;
import io.omadm.gateway.security.keys.SecretKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * /api/v1/keys (admin): the key that seals stored secrets, named by its id (the key itself is never shown), and its
 * rotation: a new key, every stored secret sealed under it, the old one gone from disk.
 */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class KeysResource {

    public record KeyView(String keyId) {
    }

    private final KeyRotation rotation;

    public KeysResource(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @GET
    public KeyView current() {
        return new KeyView(rotation.currentKeyId());
    }

    @POST
    @Path("/rotate")
    public Response rotate() {
        SecretKeys.Rotation r;
        try {
            r = rotation.rotate();
        } catch (IllegalStateException notOurs) {
            return ApiError.of(Response.Status.CONFLICT, notOurs.getMessage(), null);
        }
        return Response.ok(r).build();
    }
}
