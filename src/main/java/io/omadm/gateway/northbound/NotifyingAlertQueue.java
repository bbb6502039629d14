package io.omadm.gateway.northbound;

import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/** An alert queue that says when something was queued, so that a session starts to deliver it. */
public final class NotifyingAlertQueue implements AlertQueue {

    private final AlertQueue delegate;
    private final LongConsumer onEnqueue;

    public NotifyingAlertQueue(AlertQueue delegate, LongConsumer onEnqueue) {
        this.delegate = delegate;
        this.onEnqueue = onEnqueue;
    }

    @Override
    public long enqueue(GenericAlert alert) {
        long id = delegate.enqueue(alert);
        onEnqueue.accept(id);
        return id;
    }

    @Override
    public List<Queued> due(Instant now, int max) {
        return delegate.due(now, max);
    }

    @Override
    public void acknowledge(List<Long> ids) {
        delegate.acknowledge(ids);
    }

    @Override
    public void retryLater(List<Long> ids, Instant now) {
        delegate.retryLater(ids, now);
    }

    @Override
    public int size() {
        return delegate.size();
    }
}
