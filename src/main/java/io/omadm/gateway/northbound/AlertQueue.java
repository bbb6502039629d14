package io.omadm.gateway.northbound;

import java.time.Instant;
import java.util.List;

/**
 * The Generic Alerts the gateway owes the DM server, durable and in order (GwMO alerts, ProxyResult,
 * FanoutComplete...). An alert leaves the queue only when the server answered 200 or 202 for it; otherwise it is
 * offered again after a backoff that grows with each failed attempt.
 */
public interface AlertQueue {

    record Queued(long id, GenericAlert alert, int attempts) {
    }

    /** Stores an alert; durable when this returns. */
    long enqueue(GenericAlert alert);

    /** The oldest alerts due by {@code now}, at most {@code max}, in the order they were queued. */
    List<Queued> due(Instant now, int max);

    /** The server took these: they leave the queue. */
    void acknowledge(List<Long> ids);

    /** The server did not take these (or never answered): offer them again after a backoff. */
    void retryLater(List<Long> ids, Instant now);

    int size();

    /** When an alert that failed {@code attempts} times is due again ({@link Backoff}). */
    static Instant backoff(Instant now, int attempts) {
        return now.plus(Backoff.after(attempts));
    }
}
