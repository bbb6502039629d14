package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.TreeResult;
import io.omadm.gateway.tree.TreeUri;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * /api/v1/devices/{d}/tree/{path} ({d}: {@link DeviceAddress}): an operator reads (GET), writes (PUT) and executes
 * (POST) a device's points as the DM server would (./GwMO/DevInventory/&lt;x&gt;/Tree/&lt;path&gt;), through the
 * same dispatch to the device's adapter. A refusal keeps its DM meaning: 404 unknown device or point, 405 command not
 * allowed, 400 bad value; a device that fails or does not answer is a 502 naming the device.
 */
@Path("/api/v1/devices/{device}/tree")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.OPERATOR_NAME)
public class DeviceTreeResource {

    /** A point's value as text, or an interior node's children separated by "/" (format "node"). */
    public record PointValue(String device, String path, String value, String format) {
    }

    private final DmTree tree;
    private final Inventory inventory;

    public DeviceTreeResource(DmTree tree, Inventory inventory) {
        this.tree = tree;
        this.inventory = inventory;
    }

    @GET
    @Path("{path: .+}")
    public Response get(@PathParam("device") String device, @PathParam("path") String path) {
        return at(device, path, uri -> read(device, path, uri));
    }

    private Response read(String device, String path, TreeUri uri) {
        TreeResult r = tree.get(uri, null);
        if (!r.succeeded()) {
            return refused(device, path, r);
        }
        TreeResult.Value v = r.values().get(0);
        return Response.ok(new PointValue(device, path, new String(v.bytes(), StandardCharsets.UTF_8), v.format()))
                .build();
    }

    /** The body, as text, is the new value; its format is the point's (the profile's). */
    @PUT
    @Path("{path: .+}")
    @Consumes(MediaType.TEXT_PLAIN)
    public Response replace(@PathParam("device") String device, @PathParam("path") String path, String value) {
        return at(device, path, uri -> {
            // a device's Tree is its adapter's or its session's: nothing of it is stored, so there is nothing to
            // commit, and the tree is not held while the device answers
            TreeResult r = tree.replace(uri, null, null, value == null ? new byte[0]
                    : value.getBytes(StandardCharsets.UTF_8), null);
            return r.succeeded() ? read(device, path, uri) : refused(device, path, r);
        });
    }

    /** Exec of a point (a reboot, a rebirth): the body, as text, is the Exec's data (none: no data). */
    @POST
    @Path("{path: .+}")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response exec(@PathParam("device") String device, @PathParam("path") String path, String data) {
        return at(device, path, uri -> {
            TreeResult r = tree.exec(uri, data == null || data.isEmpty() ? null
                    : data.getBytes(StandardCharsets.UTF_8), null, null);
            return r.succeeded() ? Response.ok(new PointValue(device, path, null, "exec")).build()
                    : refused(device, path, r);
        });
    }

    /** {@code action} on the device's point, once the device ({@link DeviceAddress}) and the path are known. */
    private Response at(String device, String path, Function<TreeUri, Response> action) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        if (path.startsWith("/") || path.contains("..")) {
            return notAPath(path);
        }
        return TreeUri.parse(GwmoNames.DEV_INVENTORY + "/" + d.get().nodeName() + "/" + GwmoNames.DEVICE_TREE + "/"
                + path).map(action).orElseGet(() -> notAPath(path));
    }

    private static Response notAPath(String path) {
        return ApiError.badField("path", "'" + path + "' is not a node path");
    }

    private static Response refused(String device, String path, TreeResult r) {
        String message = "device " + device + ", " + path + ": " + (r.reason() == null ? "DM status " + r.status()
                : r.reason());
        return switch (r.status()) {
            case 400, 404, 405 -> ApiError.of(Response.Status.fromStatusCode(r.status()), message, null);
            case 401, 403, 425 -> ApiError.of(Response.Status.FORBIDDEN, message, null);
            default -> ApiError.of(Response.Status.BAD_GATEWAY, message, null);
        };
    }
}
