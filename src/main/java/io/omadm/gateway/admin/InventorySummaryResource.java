package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.InventorySummary;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * /api/v1/inventory/summary (viewer): the counts ./GwMO/DevInventorySummary shows (GwMO-DI-002), all devices,
 * attached, detached, pending, by mode and by model: the console's overview reads them here.
 */
@Path("/api/v1/inventory/summary")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class InventorySummaryResource {

    private final Inventory inventory;

    public InventorySummaryResource(Inventory inventory) {
        this.inventory = inventory;
    }

    @GET
    public InventorySummary summary() {
        return inventory.summary();
    }
}
