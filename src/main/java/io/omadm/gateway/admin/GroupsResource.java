package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceGroup;
import io.omadm.gateway.inventory.DeviceStore;
import io.omadm.gateway.inventory.NodeNames;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.tree.NodePath;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** /api/v1/groups: device groups (GwMO-Group-001), the same ones the DM server sees under ./GwMO/Groups. */
@Path("/api/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupsResource {

    public record NewGroup(String name, String displayName) {
    }

    public record Rename(String displayName) {
    }

    public record NewMember(String devId, String member) {
    }

    public record Member(String member, String devId) {
    }

    public record GroupView(String name, String displayName, List<Member> members) {
        static GroupView of(DeviceGroup g) {
            return new GroupView(g.name(), g.displayName(), g.members().entrySet().stream()
                    .map(e -> new Member(e.getKey(), e.getValue())).toList());
        }
    }

    private final DeviceStore store;

    public GroupsResource(DeviceStore store) {
        this.store = store;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<GroupView> list() {
        return store.groups().stream().map(GroupView::of).toList();
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response get(@PathParam("name") String name) {
        return store.group(name).map(g -> Response.ok(GroupView.of(g)).build())
                .orElse(ApiError.notFound("no group " + name));
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response create(NewGroup body) {
        if (body == null || body.name() == null || !NodePath.isValidName(body.name())) {
            return ApiError.badField("name", "name is a node name: not empty, no '/' or '?', not '.' or '..'");
        }
        if (store.group(body.name()).isPresent()) {
            return ApiError.of(Response.Status.CONFLICT, "group " + body.name() + " exists", "name");
        }
        store.saveGroup(body.name(), body.displayName() == null ? body.name() : body.displayName());
        return Response.created(UriBuilder.fromPath("/api/v1/groups/{g}").build(body.name()))
                .entity(GroupView.of(store.group(body.name()).orElseThrow())).build();
    }

    @PUT
    @Path("{name}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response rename(@PathParam("name") String name, Rename body) {
        if (body == null || body.displayName() == null || body.displayName().isBlank()) {
            return ApiError.badField("displayName", "displayName is required");
        }
        if (store.group(name).isEmpty()) {
            return ApiError.notFound("no group " + name);
        }
        store.saveGroup(name, body.displayName());
        return Response.ok(GroupView.of(store.group(name).orElseThrow())).build();
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response delete(@PathParam("name") String name) {
        return store.deleteGroup(name) ? Response.noContent().build() : ApiError.notFound("no group " + name);
    }

    @POST
    @Path("{name}/members")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response addMember(@PathParam("name") String name, NewMember body) {
        if (body == null || body.devId() == null || body.devId().isBlank()) {
            return ApiError.badField("devId", "devId is required");
        }
        String member = body.member() == null ? NodeNames.of(body.devId()) : body.member();
        if (!NodePath.isValidName(member)) {
            return ApiError.badField("member", "member is a node name");
        }
        if (store.group(name).isEmpty()) {
            return ApiError.notFound("no group " + name);
        }
        if (!store.addMember(name, member, body.devId())) {
            return ApiError.badField("devId", "no device " + body.devId() + ", or member " + member + " is taken");
        }
        return Response.created(UriBuilder.fromPath("/api/v1/groups/{g}/members/{m}").build(name, member))
                .entity(GroupView.of(store.group(name).orElseThrow())).build();
    }

    @DELETE
    @Path("{name}/members/{member}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response removeMember(@PathParam("name") String name, @PathParam("member") String member) {
        return store.removeMember(name, member) ? Response.noContent().build()
                : ApiError.notFound("no member " + member + " in group " + name);
    }
}
