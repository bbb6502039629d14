package io.omadm.gateway.admin;

import io.omadm.gateway.audit.AuditQuery;
import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * /api/v1/audit (admin): the audit trail, newest first, filtered by actor ({@code user:admin},
 * {@code token:<id>/<owner>}, {@code dm-server:<ServerID>}), action (an HTTP method or a DM command), target (a path
 * or node URI prefix) and time ({@code from}, {@code to}: ISO-8601 instants).
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class AuditResource {

    static final int MAX_LIMIT = 1000;

    private final AuditTrail audit;

    public AuditResource(AuditTrail audit) {
        this.audit = audit;
    }

    @GET
    public Response find(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("target") String target, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (offset < 0) {
            return ApiError.badField("offset", "offset is 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return ApiError.badField("limit", "limit is 1 to " + MAX_LIMIT);
        }
        Long fromMs;
        Long toMs;
        try {
            fromMs = from == null ? null : Instant.parse(from).toEpochMilli();
            toMs = to == null ? null : Instant.parse(to).toEpochMilli();
        } catch (DateTimeParseException e) {
            return ApiError.badField(from != null && !parses(from) ? "from" : "to",
                    "from and to are ISO-8601 instants, e.g. 2026-12-05T10:00:00Z");
        }
        return Response.ok(audit.find(new AuditQuery(actor, action, target, fromMs, toMs), offset, limit)).build();
    }

    private static boolean parses(String instant) {
        try {
            Instant.parse(instant);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
