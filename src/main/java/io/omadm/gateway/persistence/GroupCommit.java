package io.omadm.gateway.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Writes that must be durable before their caller goes on, committed together with the writes other threads asked
 * for at the same moment: the first caller commits its own; callers arriving meanwhile wait, and the next of them
 * commits all of theirs in one transaction. Under load one commit (the costly part with H2's file store) serves many
 * callers; alone, a caller commits at once. Each write runs under a savepoint, so one that fails fails alone.
 */
public final class GroupCommit {

    /** A write, run on the batch's connection; what it returns goes back to its caller once committed. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final class Pending<T> {
        final Work<T> work;
        T result;
        SQLException failure;
        volatile boolean done;

        Pending(Work<T> work) {
            this.work = work;
        }
    }

    private final DataSource db;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    public GroupCommit(DataSource db) {
        this.db = db;
    }

    /** Runs {@code work} in a transaction, maybe shared; returns once it is committed, or throws its failure. */
    public <T> T run(Work<T> work) throws SQLException {
        Pending<T> p = new Pending<>(work);
        queue.add(p);
        writing.lock();
        try {
            if (!p.done) {
                writeQueued();
            }
        } finally {
            writing.unlock();
        }
        if (p.failure != null) {
            throw p.failure;
        }
        return p.result;
    }

    /** Transactions committed (or tried) so far, for the writes so far: how much grouping saved. */
    public long transactions() {
        return transactions.get();
    }

    public long writes() {
        return writes.get();
    }

    /** Everything queued, in one transaction; called holding {@link #writing}. */
    private void writeQueued() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p = queue.poll(); p != null; p = queue.poll()) {
            batch.add(p);
        }
        transactions.incrementAndGet();
        writes.addAndGet(batch.size());
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Pending<?> p : batch) {
                    runOne(c, p);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            for (Pending<?> p : batch) {
                if (p.failure == null) {
                    p.failure = e; // the commit failed: nothing of the batch is stored
                    p.result = null;
                }
            }
        } finally {
            batch.forEach(p -> p.done = true);
        }
    }

    private static <T> void runOne(Connection c, Pending<T> p) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            p.result = p.work.run(c);
        } catch (SQLException e) {
            c.rollback(sp);
            p.failure = e;
        }
    }
}
