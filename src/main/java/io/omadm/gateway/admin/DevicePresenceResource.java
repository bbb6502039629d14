package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.PresenceHistory;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/devices/{d}/presence?limit=} (viewer): when the device was registered, attached, detached,
 * moved to another mode, newest first (at most 1,000; 50 unless asked), kept for
 * {@code gateway.inventory.presence-retention}.
 */
@Path("/api/v1/devices/{device}/presence")
@Produces(MediaType.APPLICATION_JSON)
public class DevicePresenceResource {

    private final Inventory inventory;
    private final PresenceHistory history;

    public DevicePresenceResource(Inventory inventory, PresenceHistory history) {
        this.inventory = inventory;
        this.history = history;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Response get(@PathParam("device") String device, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            return ApiError.badField("limit", "limit is 1 to 1000");
        }
        return DeviceAddress.find(inventory, device).map(d -> Response.ok(history.of(d.devId(), limit)).build())
                .orElse(ApiError.notFound("no device " + device));
    }
}
