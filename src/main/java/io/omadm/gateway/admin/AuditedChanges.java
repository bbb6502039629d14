package io.omadm.gateway.admin;

import io.omadm.gateway.audit.AuditEvent;
import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.security.http.Actor;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every change requested through the operator API goes to the audit trail when it is answered: who, from where,
 * method and path, and the status it got (refusals included). Reads are not audited.
 */
public class AuditedChanges {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    AuditTrail audit;

    @Inject
    SecurityIdentity identity;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
        if (READS.contains(request.getMethod())) {
            return;
        }
        String from = http.remoteAddress() == null ? "unknown" : http.remoteAddress().host();
        audit.record(AuditEvent.of(System.currentTimeMillis(), Actor.of(identity), from, request.getMethod(),
                "/" + request.getUriInfo().getPath().replaceFirst("^/", ""), response.getStatus()));
    }
}
