package io.omadm.gateway.admin;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.southbound.DeviceBootstrapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * POST /api/v1/devices/{d}/bootstrap: the operator bootstraps an end device to the gateway or to the DM server
 * (HLF-005/006), as Exec ./GwMO/Bootstrap/&lt;b&gt;/Operations/Send does for the server. 200 when the device took the
 * message; 404 no device; 400 a bad or missing field; 409 the device has no HTTP Address; 502 the device refused.
 */
@Path("/api/v1/devices/{device}/bootstrap")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class DeviceBootstrapResource {

    /** target gateway (default) or server; the rest as in {@link DeviceBootstrapper.Request}. */
    public record BootstrapBody(String target, String serverId, String authType, String pin, String serverAddr,
            String clientSecret, String serverSecret) {
    }

    private final Inventory inventory;
    private final DeviceBootstrapper bootstrapper;

    public DeviceBootstrapResource(Inventory inventory, DeviceBootstrapper bootstrapper) {
        this.inventory = inventory;
        this.bootstrapper = bootstrapper;
    }

    @POST
    public Response bootstrap(@PathParam("device") String device, BootstrapBody body) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        BootstrapBody b = body != null ? body : new BootstrapBody(null, null, null, null, null, null, null);
        Optional<DeviceBootstrapper.Target> target = DeviceBootstrapper.Target.parse(b.target() == null ? "gateway"
                : b.target());
        if (target.isEmpty()) {
            return ApiError.badField("target", "target is gateway or server, not '" + b.target() + "'");
        }
        Optional<AuthType> type = AuthType.ofName(b.authType() == null ? "md5" : b.authType());
        if (type.isEmpty()) {
            return ApiError.badField("authType", "authType is basic, md5 or hmac, not '" + b.authType() + "'");
        }
        DeviceBootstrapper.Outcome o = bootstrapper.bootstrap(new DeviceBootstrapper.Request(d.get().devId(),
                target.get(), b.serverId(), type.get(), b.pin(), b.serverAddr(), b.clientSecret(), b.serverSecret()));
        return switch (o.status()) {
            case 200 -> Response.ok(Map.of("status", o.status(), "message", o.message())).build();
            case 404 -> ApiError.notFound(o.message());
            case 412 -> ApiError.badField("clientSecret", o.message());
            case 406 -> ApiError.of(Response.Status.CONFLICT, o.message(), "address");
            default -> ApiError.of(Response.Status.BAD_GATEWAY, o.message(), null);
        };
    }
}
