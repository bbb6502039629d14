package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceFilter;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.southbound.DeviceLockouts;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Page;
import io.omadm.gateway.inventory.Presence;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /api/v1/devices: the device inventory for operators (GwMO-DI-001, HLF-003). Devices are named by their node name,
 * as in ./GwMO/DevInventory/&lt;x&gt;, or by their DevId ({@link DeviceAddress}).
 */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DevicesResource {

    static final int MAX_LIMIT = 1000;

    /** What an operator gives to add a device; devId may be left out for a device without one. */
    public record NewDevice(String devId, String man, String model, String fwV, String mode, String protocol,
            String address, String publicAddress, String profile, Set<String> serverIds, String authName,
            String authSecret) {
    }

    public record ModeChange(String mode) {
    }

    public record DevicePage(List<DeviceView> items, long total, int offset, int limit) {
    }

    private final Inventory inventory;
    private final DeviceLockouts lockouts;

    public DevicesResource(Inventory inventory, DeviceLockouts lockouts) {
        this.inventory = inventory;
        this.lockouts = lockouts;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Response list(@QueryParam("status") String status, @QueryParam("mode") String mode,
            @QueryParam("group") String group, @QueryParam("model") String model,
            @QueryParam("protocol") String protocol, @QueryParam("q") String text,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        Optional<Presence> presence = Presence.parse(status);
        if (status != null && presence.isEmpty()) {
            return ApiError.badField("status", "status is attached, detached or pending, not '" + status + "'");
        }
        Optional<Mode> m = Mode.parse(mode);
        if (mode != null && m.isEmpty()) {
            return ApiError.badField("mode", "mode is transparent, proxy or adaptation, not '" + mode + "'");
        }
        if (offset < 0) {
            return ApiError.badField("offset", "offset is 0 or more");
        }
        if (text != null && text.length() > 100) {
            return ApiError.badField("q", "q is at most 100 characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return ApiError.badField("limit", "limit is 1 to " + MAX_LIMIT);
        }
        Page<DeviceRecord> page = inventory.store().list(new DeviceFilter(presence.orElse(null), m.orElse(null),
                blankAsNull(group), blankAsNull(model), blankAsNull(protocol), blankAsNull(text)), offset, limit);
        // one query for the groups of the whole page, not one per device
        Map<String, List<String>> groups = inventory.store().groupsOf(
                page.items().stream().map(DeviceRecord::devId).toList());
        return Response.ok(new DevicePage(page.items().stream()
                .map(d -> DeviceView.of(d, groups.getOrDefault(d.devId(), List.of()),
                        lockouts.authLockedFor(d.devId()))).toList(), page.total(),
                offset, limit)).build();
    }

    @GET
    @Path("{device}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response get(@PathParam("device") String device) {
        return DeviceAddress.find(inventory, device).map(d -> Response.ok(view(d)).build())
                .orElse(ApiError.notFound("no device " + device));
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response create(NewDevice body) {
        if (body == null) {
            return ApiError.badField("body", "a JSON device is required");
        }
        Optional<Mode> mode = Mode.parse(body.mode());
        if (body.mode() != null && mode.isEmpty()) {
            return ApiError.badField("mode", "mode is transparent, proxy or adaptation, not '" + body.mode() + "'");
        }
        boolean noId = body.devId() == null || body.devId().isBlank();
        if (noId && (body.protocol() == null || body.address() == null)) {
            return ApiError.badField("devId", "a device without a devId needs protocol and address to be known by");
        }
        if (!noId && inventory.find(body.devId().trim()).isPresent()) {
            return ApiError.of(Response.Status.CONFLICT, "device " + body.devId() + " exists", "devId");
        }
        Registration registration = new Registration(noId ? null : body.devId(), body.man(), body.model(),
                body.fwV(), mode.orElse(null), body.protocol(), body.address(), body.publicAddress(), body.profile(),
                body.serverIds(), body.authName(), body.authSecret());
        Optional<String> tooLong = registration.tooLong();
        if (tooLong.isPresent()) {
            return ApiError.badField(tooLong.get().substring(0, tooLong.get().indexOf(':')), tooLong.get());
        }
        Inventory.Registered r = inventory.register(registration);
        return Response.created(UriBuilder.fromPath("/api/v1/devices/{d}").build(r.device().nodeName()))
                .entity(view(r.device())).build();
    }

    @PUT
    @Path("{device}/mode")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response changeMode(@PathParam("device") String device, ModeChange body) {
        Optional<Mode> mode = Mode.parse(body == null ? null : body.mode());
        if (mode.isEmpty()) {
            return ApiError.badField("mode", "mode is transparent, proxy or adaptation");
        }
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        return Response.ok(view(inventory.changeMode(d.get().devId(), mode.get()).orElseThrow())).build();
    }

    /**
     * Accepts a device that announced itself and is pending (gateway.southbound.registration=pending): from its next
     * session on it is managed. 409 when the device is not pending.
     */
    @POST
    @Path("{device}/accept")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response accept(@PathParam("device") String device) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        return inventory.accept(d.get().devId()).map(a -> Response.ok(view(a)).build()).orElse(ApiError.of(
                Response.Status.CONFLICT, "device " + device + " is " + d.get().status().value() + ", not pending",
                null));
    }

    @DELETE
    @Path("{device}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response delete(@PathParam("device") String device) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty() || !inventory.remove(d.get().devId())) {
            return ApiError.notFound("no device " + device);
        }
        return Response.noContent().build();
    }

    private DeviceView view(DeviceRecord d) {
        return DeviceView.of(d, inventory.store().groupsOf(d.devId()), lockouts.authLockedFor(d.devId()));
    }

    /** A filter field left empty in a form means no filter. */
    private static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
