package io.omadm.gateway.admin;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.southbound.DeviceAccount;
import io.omadm.gateway.southbound.DeviceSessions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * /api/v1/devices/{d}/account: the security the gateway and a proxy-mode device share, for a device that was given
 * its DMAcc some other way than by the gateway's bootstrap (HLF-004: the gateway holds each device's credentials, the
 * DM server none). Secrets are written, never read back: GET says only whether they are set.
 */
@Path("/api/v1/devices/{device}/account")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class DeviceAccountResource {

    /** authType basic|md5|hmac; client* is what the device proves itself with, server* what the gateway does. */
    public record AccountBody(String authType, String clientName, String clientSecret, String serverId,
            String serverSecret) {
    }

    public record AccountView(String devId, String authType, String clientName, boolean clientSecretSet,
            String serverId, boolean serverSecretSet) {
    }

    private final Inventory inventory;
    private final DeviceSessions sessions;

    public DeviceAccountResource(Inventory inventory, DeviceSessions sessions) {
        this.inventory = inventory;
        this.sessions = sessions;
    }

    @GET
    public Response get(@PathParam("device") String device) {
        return DeviceAddress.find(inventory, device).map(d -> Response.ok(view(d)).build())
                .orElse(ApiError.notFound("no device " + device));
    }

    @PUT
    public Response put(@PathParam("device") String device, AccountBody body) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        if (body == null) {
            return ApiError.badField("body", "a JSON account is required");
        }
        Optional<AuthType> type = AuthType.ofName(body.authType() == null ? "md5" : body.authType());
        if (type.isEmpty()) {
            return ApiError.badField("authType", "authType is basic, md5 or hmac, not '" + body.authType() + "'");
        }
        if ((body.serverId() == null) != (body.serverSecret() == null)) {
            return ApiError.badField("serverSecret", "serverId and serverSecret go together");
        }
        String devId = d.get().devId();
        sessions.accounts().save(new DeviceAccount(devId, type.get(), body.serverId(), body.serverSecret(), null,
                null));
        if (body.clientSecret() != null) {
            inventory.register(new Registration(devId, null, null, null, null, null, null, null, null, Set.of(),
                    body.clientName() == null ? devId : body.clientName(), body.clientSecret()));
        }
        return Response.ok(view(inventory.find(devId).orElseThrow())).build();
    }

    private AccountView view(DeviceRecord d) {
        DeviceAccount a = sessions.accounts().of(d.devId());
        return new AccountView(d.devId(), a.authType().name().toLowerCase(Locale.ROOT), d.authName(),
                d.authSecret() != null, a.serverId(), a.serverSecret() != null);
    }
}
