package io.omadm.gateway.admin;

import io.omadm.gateway.images.ImageAccess;
import io.omadm.gateway.images.ImageEntry;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /api/v1/images: the operator's side of the image store (DCIS-001/002/003), the same entries as
 * ./GwMO/ImageInventory. An entry is created with the Source to fetch and the hash and size to expect, then
 * downloaded (202; the server hears of it by an ImageStored alert when it started the download), or its bytes are
 * PUT on {@code /{id}/data} (served by {@link ImageUpload}, streamed to disk). A device outside
 * gateway.images.allow fetches an image with the URL that {@code /url?dev=} gives it.
 */
@Path("/api/v1/images")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImagesResource {

    public record NewImage(String id, String imageId, String source, String sha256, Long size) {
    }

    public record ImageView(String id, String imageId, String source, String status, String detail, String sha256,
            Long size, String uri) {
    }

    private final Images images;
    private final ImageAccess access;

    public ImagesResource(Images images, ImageAccess access) {
        this.images = images;
        this.access = access;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response create(NewImage body) {
        if (body == null || body.id() == null || !body.id().matches("[A-Za-z0-9._-]+")) {
            return ApiError.badField("id", "an id is letters, digits, '.', '_' and '-' (it names a tree node)");
        }
        Images.Outcome o = images.create(body.id(), body.imageId(), body.source(), body.sha256(), body.size());
        return o.status() == 200 ? Response.status(201).entity(view(images.catalog().find(body.id()).orElseThrow()))
                .build() : refusal(o);
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<ImageView> list() {
        return images.catalog().list().stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response get(@PathParam("id") String id) {
        return images.catalog().find(id).map(e -> Response.ok(view(e)).build())
                .orElseGet(() -> ApiError.notFound("no image entry " + id));
    }

    @POST
    @Path("/{id}/download")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response download(@PathParam("id") String id) {
        Images.Outcome o = images.download(id, null);
        return o.status() == 202 ? Response.accepted(Map.of("message", o.message())).build() : refusal(o);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response delete(@PathParam("id") String id) {
        Images.Outcome o = images.delete(id);
        return o.status() == 200 ? Response.noContent().build() : refusal(o);
    }

    /** The URL one device uses to fetch a stored image from outside the allow-list. */
    @GET
    @Path("/{id}/url")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response url(@PathParam("id") String id, @QueryParam("dev") String devId) {
        if (devId == null || devId.isBlank()) {
            return ApiError.badField("dev", "the DevId of the device that will fetch the image");
        }
        Optional<ImageEntry> e = images.catalog().find(id);
        if (e.isEmpty() || !e.get().stored()) {
            return ApiError.notFound("no stored image for entry " + id);
        }
        String sha = e.get().sha256();
        return Response.ok(Map.of("url", images.uri(sha) + "?dev=" + java.net.URLEncoder.encode(devId,
                java.nio.charset.StandardCharsets.UTF_8) + "&token=" + access.token(sha, devId))).build();
    }

    private ImageView view(ImageEntry e) {
        return view(images, e);
    }

    public static ImageView view(Images images, ImageEntry e) {
        boolean stored = e.stored();
        return new ImageView(e.entryId(), e.imageId(), e.source(), e.status(), e.detail(),
                stored ? e.sha256() : e.wantSha256(), stored ? e.size() : e.wantSize(),
                stored ? images.uri(e.sha256()) : null);
    }

    private static Response refusal(Images.Outcome o) {
        return Response.status(httpStatus(o)).entity(new ApiError(o.message(), null)).build();
    }

    /** A DM status as an HTTP one: the same codes, but 418 (exists) is 409 and 424 (size mismatch) 400. */
    public static int httpStatus(Images.Outcome o) {
        return switch (o.status()) {
            case 418 -> 409;
            case 424 -> 400;
            default -> o.status();
        };
    }
}
