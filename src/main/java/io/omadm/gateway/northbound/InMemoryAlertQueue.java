package io.omadm.gateway.northbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alert queue that keeps nothing across restarts: for tests. */
public final class InMemoryAlertQueue implements AlertQueue {

    private record Entry(GenericAlert alert, int attempts, Instant notBefore) {
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized long enqueue(GenericAlert alert) {
        long id = nextId++;
        entries.put(id, new Entry(alert, 0, Instant.EPOCH));
        return id;
    }

    @Override
    public synchronized List<Queued> due(Instant now, int max) {
        List<Queued> out = new ArrayList<>();
        for (Map.Entry<Long, Entry> e : entries.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            if (!e.getValue().notBefore().isAfter(now)) {
                out.add(new Queued(e.getKey(), e.getValue().alert(), e.getValue().attempts()));
            }
        }
        return out;
    }

    @Override
    public synchronized void acknowledge(List<Long> ids) {
        ids.forEach(entries::remove);
    }

    @Override
    public synchronized void retryLater(List<Long> ids, Instant now) {
        for (long id : ids) {
            Entry e = entries.get(id);
            if (e != null) {
                entries.put(id, new Entry(e.alert(), e.attempts() + 1, AlertQueue.backoff(now, e.attempts() + 1)));
            }
        }
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }
}
