package io.omadm.gateway.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Writes that need not be durable before their caller goes on, gathered from many threads and written together: a
 * background writer takes what arrived every {@code gather}, and a caller that finds {@code batch} waiting writes
 * them at once. One commit per write or two capped a fanout at a few thousand devices a second (H2 rewrites every page
 * a commit touches). Unlike {@link GroupCommit}, where each caller waits for its commit, an item not yet written when
 * the process dies is lost: the store using it must say what that means (a fanout device not yet stored is commanded
 * again when its job resumes). One writer at a time; the {@link Batch} handles its own failures per item.
 *
 * @param <T> the items, with whatever outcome fields the batch sets on them
 */
public final class GatheredWrites<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatheredWrites.class.getName());

    /** Writes the items in one transaction; called by one thread at a time. */
    public interface Batch<T> {
        void write(List<T> items);
    }

    private final Batch<T> batch;
    private final int batchSize;
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    /** About how many items are queued (the queue's own size() walks it). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock writing = new ReentrantLock();
    private final ScheduledExecutorService gatherer;

    public GatheredWrites(String threadName, Duration gather, int batchSize, Batch<T> batch) {
        this.batch = batch;
        this.batchSize = batchSize;
        this.gatherer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        gatherer.scheduleWithFixedDelay(this::writeGathered, gather.toMillis(), gather.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Queues an item; written within the gather time, or now by this thread when a batch is waiting. */
    public void add(T item) {
        queue.add(item);
        if (waiting.incrementAndGet() >= batchSize && writing.tryLock()) {
            try {
                writeWaiting();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes every item queued now, after a write under way. */
    public void flush() {
        writing.lock();
        try {
            writeWaiting();
        } finally {
            writing.unlock();
        }
    }

    /**
     * Runs {@code work} as the only writer: what was queued before is written first, and nothing is written while it
     * runs (a store ending a job reads its answers and writes its end with no answer slipping in between).
     */
    public <R> R exclusively(Supplier<R> work) {
        writing.lock();
        try {
            writeWaiting();
            return work.get();
        } finally {
            writing.unlock();
        }
    }

    /**
     * Stops the background writer and writes what is left, after a background write under way (not interrupted: an
     * interrupt inside H2's file I/O can close its file channel).
     */
    @Override
    public void close() {
        gatherer.shutdown();
        flush();
    }

    /** The background write: a failure is logged and the next one tries again. */
    private void writeGathered() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warning("gathered writes not written: " + e);
        }
    }

    private void writeWaiting() {
        List<T> items = new ArrayList<>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            items.add(item);
        }
        if (items.isEmpty()) {
            return;
        }
        waiting.addAndGet(-items.size());
        batch.write(items);
    }
}
