package io.omadm.gateway.admin;

import io.omadm.gateway.persistence.backup.DataBackup;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.keys.KeyRotation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * /api/v1/backups (admin): online backups of the data directory, taken while the gateway runs (a fanout in flight
 * included), kept in gateway.backup.dir, listed and downloaded here. A backup holds no key: it names the key id its
 * stored secrets need, and {@code scripts/admin restore} puts it back with that key (docs/deploy.md).
 */
@Path("/api/v1/backups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class BackupsResource {

    private static final Logger LOG = Logger.getLogger(BackupsResource.class.getName());

    private final DataBackup backups;
    private final KeyRotation keys;

    public BackupsResource(DataBackup backups, KeyRotation keys) {
        this.backups = backups;
        this.keys = keys;
    }

    @POST
    public Response make() {
        DataBackup.Made made;
        try {
            made = backups.make(keys.currentKeyId());
        } catch (IllegalStateException notH2) {
            return ApiError.of(Response.Status.CONFLICT, notH2.getMessage(), null);
        } catch (IOException e) {
            LOG.warning("backup into " + backups.directory() + " failed: " + e.getMessage());
            return ApiError.of(Response.Status.SERVICE_UNAVAILABLE, "the backup failed: " + e.getMessage(), null);
        }
        LOG.info("backup " + made.name() + " written to " + backups.directory() + " (" + made.bytes() + " bytes, "
                + made.files() + " files; its secrets need key " + made.keyId() + ")");
        return Response.created(URI.create("/api/v1/backups/" + made.name())).entity(made).build();
    }

    @GET
    public Map<String, List<DataBackup.Made>> list() throws IOException {
        return Map.of("items", backups.list());
    }

    @GET
    @Path("{name}")
    @Produces("application/zip")
    public Response download(@PathParam("name") String name) {
        return backups.file(name).map(f -> Response.ok(f.toFile(), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                        .entity(new ApiError("no backup named " + name, null)).build());
    }
}
