package io.omadm.gateway.admin;

import io.omadm.gateway.images.Images;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/image-store} (viewer): what the image store holds against its quota (GwConfig/ImageQuotaMB):
 * entries, the bytes of their files (a file shared by several entries counted once) and the quota, in bytes.
 */
@Path("/api/v1/image-store")
@Produces(MediaType.APPLICATION_JSON)
public class ImageStoreResource {

    private final Images images;

    public ImageStoreResource(Images images) {
        this.images = images;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Images.Usage usage() {
        return images.usage();
    }
}
