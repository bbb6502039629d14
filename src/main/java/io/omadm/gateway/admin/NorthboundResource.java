package io.omadm.gateway.admin;

import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.ClientSession;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * {@code GET /api/v1/northbound} (viewer): the gateway's connection to its DM server, for operators (the console's
 * overview): the server, sessions run, the last one's outcome, when it ended and what went wrong, when the next may
 * start, and the alerts waiting to go. Unlike {@code /q/health} it names the server and its errors, so it is not open.
 */
@Path("/api/v1/northbound")
@Produces(MediaType.APPLICATION_JSON)
public class NorthboundResource {

    /**
     * @param lastOutcome COMPLETED, CREDENTIALS_REFUSED, TRANSPORT_FAILED, ...; null before the first session
     * @param lastError what the last session that failed said; null when it completed
     */
    public record Northbound(String serverId, boolean enabled, int sessions, String lastOutcome, String lastError,
            Instant lastSessionAt, Instant nextSessionAt, int queuedAlerts) {
    }

    private final SessionRunner sessions;
    private final AlertQueue alerts;

    public NorthboundResource(SessionRunner sessions, AlertQueue alerts) {
        this.sessions = sessions;
        this.alerts = alerts;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Northbound get() {
        ClientSession.Result last = sessions.lastResult().orElse(null);
        boolean failed = last != null && last.outcome() != ClientSession.Outcome.COMPLETED;
        return new Northbound(sessions.serverId().orElse(null), sessions.enabled(), sessions.sessionsRun(),
                last == null ? null : last.outcome().name(), failed ? last.detail() : null,
                sessions.lastSessionAt().orElse(null), sessions.enabled() ? sessions.nextSessionAt() : null,
                alerts.size());
    }
}
