package io.omadm.gateway.audit;

import java.util.List;

/** The audit trail (IEC 62443-3-3 SR 2.8): every change through the API or by the DM server, kept for the retention. */
public interface AuditTrail {

    /** A page of events, newest first, and how many match in all. */
    record Page(List<AuditEvent> items, long total, int offset, int limit) {
    }

    /** Appends an event (and logs it); never throws: a change is not undone because its record could not be kept. */
    void record(AuditEvent event);

    Page find(AuditQuery query, int offset, int limit);

    /** Deletes the events older than {@code before} (epoch ms); how many. */
    int prune(long before);
}
