package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.southbound.ProxyCommand;
import io.omadm.gateway.southbound.ProxyQueue;
import io.omadm.gateway.southbound.ProxyRelay;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Named;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /api/v1/devices/{d}/commands: DM commands for a proxy-mode device (B.3 relay, operator side). A command is queued
 * (202 with its id) and goes out in the device's next session with the gateway; its status and, for a Get, the value
 * are read here once the device has answered.
 */
@Path("/api/v1/devices/{device}/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceCommandsResource {

    public record NewCommand(String op, String path, String data, String format) {
    }

    /** A queued command; {@code status} null until the device answered; {@code result} text (b64 when binary). */
    public record CommandView(long id, String op, String path, Integer status, String result) {
    }

    private final Inventory inventory;
    private final ProxyRelay relay;
    private final ProxyQueue queue;

    public DeviceCommandsResource(Inventory inventory, @Named("proxyRelay") ProxyRelay relay) {
        this.inventory = inventory;
        this.relay = relay;
        this.queue = relay.queue();
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response queue(@PathParam("device") String device, NewCommand body) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        String devId = d.get().devId();
        if (d.get().mode() != Mode.PROXY) {
            return ApiError.of(Response.Status.METHOD_NOT_ALLOWED, devId + " is in " + d.get().mode().value()
                    + " mode: commands are queued for proxy-mode devices", null);
        }
        if (body == null || body.op() == null || !ProxyCommand.VERBS.contains(body.op())) {
            return ApiError.badField("op", "one of " + ProxyCommand.VERBS);
        }
        if (body.path() == null || !body.path().startsWith("./") || body.path().contains("/../")) {
            return ApiError.badField("path", "a path in the device's own tree, like ./DevInfo/Mod");
        }
        byte[] data;
        try {
            data = body.data() == null ? null : "b64".equals(body.format()) ? Base64.getDecoder().decode(body.data())
                    : body.data().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return ApiError.badField("data", "format b64 takes base64 data");
        }
        String format = "b64".equals(body.format()) ? "bin" : body.format();
        long id = relay.submit(devId, body.op(), body.path(), data, format);
        return Response.accepted(Map.of("id", id, "message", "queued: it goes out in " + devId
                + "'s next session (the gateway wakes it when it can)")).build();
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Response list(@PathParam("device") String device, @QueryParam("limit") @DefaultValue("100") int limit) {
        Optional<DeviceRecord> d = DeviceAddress.find(inventory, device);
        if (d.isEmpty()) {
            return ApiError.notFound("no device " + device);
        }
        List<CommandView> views = queue.of(d.get().devId(), Math.max(1, Math.min(limit, 1000))).stream().map(c ->
                new CommandView(c.id(), c.verb(), c.path(), c.status(), c.result() == null ? null
                        : "bin".equals(c.format()) ? Base64.getEncoder().encodeToString(c.result())
                        : new String(c.result(), StandardCharsets.UTF_8))).toList();
        return Response.ok(views).build();
    }
}
