package io.omadm.gateway.app;

import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers; reports the northbound state (an unreachable DM server is not unreadiness). */
@Readiness
@ApplicationScoped
public class GatewayHealth implements HealthCheck {

    private final Database database;
    private final AlertQueue alerts;
    private final SessionRunner sessions;

    public GatewayHealth(Database database, AlertQueue alerts, SessionRunner sessions) {
        this.database = database;
        this.alerts = alerts;
        this.sessions = sessions;
    }

    @Override
    public HealthCheckResponse call() {
        boolean db = database.isUp();
        var b = HealthCheckResponse.named("gateway").status(db).withData("database", db ? "up" : "down")
                .withData("northbound", sessions.enabled() ? "enabled" : "standalone")
                .withData("sessions", sessions.sessionsRun());
        sessions.lastResult().ifPresent(r -> b.withData("lastSession", r.outcome().name()));
        if (db) {
            b.withData("queuedAlerts", alerts.size());
        }
        return b.build();
    }
}
