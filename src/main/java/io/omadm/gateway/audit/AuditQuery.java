package io.omadm.gateway.audit;

/**
 * Which events to read, newest first: each field null for any. {@code actor} and {@code action} match exactly,
 * {@code target} as a prefix, {@code from} and {@code to} (epoch ms) bound the time, {@code to} excluded.
 */
public record AuditQuery(String actor, String action, String target, Long from, Long to) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);
}
