package io.omadm.gateway.audit;

/**
 * One change to the gateway, as the audit trail keeps it: when, who (an operator {@code user:<name>}, an API token
 * {@code token:<id>/<owner>}, the DM server {@code dm-server:<ServerID>}), from where, what (an HTTP method or a DM
 * command), on what (a path or a node URI), and how it ended (an HTTP or DM status).
 */
public record AuditEvent(long id, long at, String actor, String source, String action, String target, int outcome) {

    /** An event not stored yet (its id is given by the trail). */
    public static AuditEvent of(long at, String actor, String source, String action, String target, int outcome) {
        return new AuditEvent(0, at, actor, source, action, target, outcome);
    }
}
