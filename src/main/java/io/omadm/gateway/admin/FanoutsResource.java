package io.omadm.gateway.admin;

import io.omadm.gateway.fanout.DeviceResult;
import io.omadm.gateway.fanout.FanoutJob;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.fanout.FanoutSpec;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * /api/v1/fanouts: the operator's side of command fanout (GwMO-FORA-001/002). A POST describes and starts a job at
 * once (202); its progress, counts by status and per-device results are read while it runs; it can be cancelled.
 * Jobs the DM server starts through ./GwMO/Fanout are listed here too.
 */
@Path("/api/v1/fanouts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FanoutsResource {

    /**
     * What an operator gives: an id (made up when absent), targets, commands, a timeout in seconds (300), and how a
     * device that fails is tried again (the gateway's default, gateway.fanout.retry.*, for what it leaves out).
     */
    public record NewFanout(String id, FanoutSpec.Targets targets, List<NewCommand> commands, Long timeoutSeconds,
            NewRetry retry) {
    }

    /** Tries in all (1: no retry), milliseconds between two tries, the DM statuses that are tried again. */
    public record NewRetry(Integer attempts, Long backoffMillis, List<Integer> statuses) {
        FanoutSpec.Retry or(FanoutSpec.Retry d) {
            return new FanoutSpec.Retry(attempts == null ? d.attempts() : attempts,
                    backoffMillis == null ? d.backoffMillis() : backoffMillis, statuses == null ? d.statuses() : statuses);
        }
    }

    public record NewCommand(String op, String path, String data, String format) {
    }

    /** A job, with its devices counted by DM status ("pending": not answered yet). */
    public record JobView(String id, String status, int total, int answered, Map<String, Integer> counts,
            String correlator, Long started, Long deadline, Long finished, FanoutSpec spec) {
    }

    public record ResultPage(List<DeviceResult> items, int total, int offset, int limit) {
    }

    private final FanoutJobs jobs;

    public FanoutsResource(FanoutJobs jobs) {
        this.jobs = jobs;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response start(NewFanout body) {
        if (body == null) {
            return ApiError.badField("body", "a fanout job: {targets, commands, timeoutSeconds, retry}");
        }
        String id = body.id() == null || body.id().isBlank() ? "job-" + UUID.randomUUID().toString().substring(0, 8)
                : body.id().trim();
        if (!id.matches("[A-Za-z0-9._-]+")) {
            return ApiError.badField("id", "an id is letters, digits, '.', '_' and '-' (it names a tree node)");
        }
        List<FanoutSpec.Cmd> commands = new ArrayList<>();
        if (body.commands() != null) {
            for (int i = 0; i < body.commands().size(); i++) {
                NewCommand c = body.commands().get(i);
                commands.add(c == null ? null : new FanoutSpec.Cmd(Integer.toString(i + 1), c.op(), c.path(), c.data(),
                        c.format()));
            }
        }
        long timeout = body.timeoutSeconds() == null ? 0 : body.timeoutSeconds() * 1000;
        if (body.timeoutSeconds() != null && body.timeoutSeconds() <= 0) {
            return ApiError.badField("timeoutSeconds", "timeoutSeconds is 1 or more");
        }
        FanoutSpec spec = new FanoutSpec(body.targets(), commands, timeout, body.retry() == null ? null
                : body.retry().or(jobs.defaultRetry()));
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            String field = problems.get(0).substring(0, problems.get(0).indexOf(':'));
            return ApiError.badField(field, String.join("; ", problems));
        }
        if (!jobs.create(id, spec)) {
            return ApiError.of(Response.Status.CONFLICT, "fanout job " + id + " exists", "id");
        }
        FanoutJobs.Started s = jobs.start(id, null, null);
        if (s.status() != 202) {
            return ApiError.of(Response.Status.fromStatusCode(s.status()), s.message(), null);
        }
        return Response.accepted(view(jobs.store().find(id).orElseThrow())).build();
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<JobView> list() {
        return jobs.store().list().stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response get(@PathParam("id") String id) {
        return jobs.store().find(id).map(j -> Response.ok(view(j)).build())
                .orElseGet(() -> ApiError.notFound("no fanout job " + id));
    }

    @GET
    @Path("{id}/results")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response results(@PathParam("id") String id, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("status") String status) {
        Optional<FanoutJob> job = jobs.store().find(id);
        if (job.isEmpty()) {
            return ApiError.notFound("no fanout job " + id);
        }
        if (offset < 0) {
            return ApiError.badField("offset", "offset is 0 or more");
        }
        if (limit < 1 || limit > DevicesResource.MAX_LIMIT) {
            return ApiError.badField("limit", "limit is 1 to " + DevicesResource.MAX_LIMIT);
        }
        if (status == null || status.isEmpty()) {
            return Response.ok(new ResultPage(jobs.store().results(id, offset, limit), job.get().total(), offset,
                    limit)).build();
        }
        if (!status.equals("pending") && !status.matches("[1-9][0-9]{2}")) {
            return ApiError.badField("status", "status is a DM status code (200, 404, ...) or pending");
        }
        Integer code = status.equals("pending") ? null : Integer.valueOf(status);
        return Response.ok(new ResultPage(jobs.store().results(id, code, offset, limit),
                jobs.store().counts(id).getOrDefault(code, 0), offset, limit)).build();
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response cancel(@PathParam("id") String id) {
        if (jobs.store().find(id).isEmpty()) {
            return ApiError.notFound("no fanout job " + id);
        }
        return jobs.cancel(id) ? Response.ok(view(jobs.store().find(id).orElseThrow())).build()
                : ApiError.of(Response.Status.CONFLICT, "fanout job " + id + " is not running", null);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response delete(@PathParam("id") String id) {
        if (jobs.store().find(id).isEmpty()) {
            return ApiError.notFound("no fanout job " + id);
        }
        return jobs.store().delete(id) ? Response.noContent().build()
                : ApiError.of(Response.Status.CONFLICT, "fanout job " + id + " is running: cancel it first", null);
    }

    private JobView view(FanoutJob j) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jobs.store().counts(j.id()).forEach((status, n) -> counts.put(status == null ? "pending" : status.toString(),
                n));
        return new JobView(j.id(), j.status().value(), j.total(), j.answered(), counts, j.correlator(), j.started(),
                j.deadline(), j.finished(), j.spec());
    }
}
