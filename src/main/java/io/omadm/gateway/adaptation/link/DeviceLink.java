package io.omadm.gateway.adaptation.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * One connection to a device, or to a server several devices share (a Modbus TCP gateway, an OPC UA server), shared by
 * every request to it. Requests take turns in arrival order ({@code concurrency} at a time: 1 for a PLC or a serial
 * gateway), at most {@code queue} wait, and a request beyond that fails at once naming the link.
 *
 * <p>The connection is made on demand. A failed connection attempt, or a request that failed on the connection (it is
 * then closed), makes the next attempt wait as the {@link ReconnectPolicy} says; only connection attempts count as
 * failures, so a request that arrives during the wait fails at once ({@link LinkDownException}) without pushing the
 * next attempt further, and the first request after the wait (at most the policy's ceiling) tries again.
 *
 * @param <C> the protocol client's connection type
 */
public final class DeviceLink<C> {

    private static final Logger LOG = Logger.getLogger(DeviceLink.class.getName());

    /** How a protocol opens, checks and closes its connection. */
    public interface Connector<C> {
        C open() throws Exception;

        /** Whether a connection opened before is still usable (a closed socket is not). */
        boolean isOpen(C connection);

        /** Closes a connection given up on; may block, so it is not run on a request's time. */
        void close(C connection) throws Exception;
    }

    /** Work done with the connection during a turn. */
    public interface Work<C, T> {
        T run(C connection) throws Exception;
    }

    private final String name;
    private final Connector<C> connector;
    private final ReconnectPolicy policy;
    private final int queue;
    private final Clock clock;
    private final Semaphore turns;
    private final AtomicInteger inLine = new AtomicInteger();
    private final int concurrency;
    private C connection; // guarded by this
    private int failedAttempts; // guarded by this
    private Instant nextAttempt = Instant.EPOCH; // guarded by this
    private String lastError; // guarded by this

    public DeviceLink(String name, Connector<C> connector, ReconnectPolicy policy, int concurrency, int queue,
            Clock clock) {
        this.name = name;
        this.connector = connector;
        this.policy = policy;
        this.concurrency = concurrency;
        this.queue = queue;
        this.clock = clock;
        this.turns = new Semaphore(concurrency, true);
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code work} on the connection in this request's turn, waiting at most {@code timeout} for the turn. An
     * exception from the work means the connection failed: it is closed and the exception goes to the caller. Work
     * that has an answer for a request the device refused returns it rather than throwing.
     */
    public <T> T call(Duration timeout, Work<C, T> work) throws Exception {
        if (inLine.incrementAndGet() > concurrency + queue) {
            inLine.decrementAndGet();
            throw new LinkBusyException("the request queue for " + name + " is full (" + queue + " waiting)");
        }
        try {
            if (!turns.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("no turn on " + name + " within " + timeout.toMillis() + " ms");
            }
            try {
                C c = connection();
                try {
                    return work.run(c);
                } catch (Exception e) {
                    dropped(c);
                    throw e;
                }
            } finally {
                turns.release();
            }
        } finally {
            inLine.decrementAndGet();
        }
    }

    /** The connection when one is open now, without connecting (a presence probe of a busy link). */
    public synchronized boolean isOpen() {
        return connection != null && connector.isOpen(connection);
    }

    /** How the link stands now, without connecting. */
    public synchronized LinkState state(String protocol) {
        return LinkState.of(protocol, name, connection != null && connector.isOpen(connection), failedAttempts,
                lastError);
    }

    /** Whether every turn is taken at the moment. */
    public boolean busy() {
        return turns.availablePermits() == 0;
    }

    private synchronized C connection() throws Exception {
        if (connection != null && connector.isOpen(connection)) {
            return connection;
        }
        if (connection != null) {
            closeLater(connection);
            connection = null;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw new LinkDownException(name + " is down: " + failedAttempts + " connection attempts failed; the next"
                    + " in " + Duration.between(now, nextAttempt).toMillis() + " ms");
        }
        try {
            connection = connector.open();
        } catch (Exception e) {
            failedAttempts++;
            lastError = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            nextAttempt = clock.instant().plus(policy.after(failedAttempts));
            LOG.fine(name + ": connection attempt " + failedAttempts + " failed: " + e.getMessage());
            throw e;
        }
        if (failedAttempts > 0) {
            LOG.info(name + " connected again after " + failedAttempts + " failed attempts");
        }
        failedAttempts = 0;
        return connection;
    }

    /**
     * The connection failed under a request: it is closed and the next request connects again at once (should that
     * fail, the backoff starts).
     */
    private synchronized void dropped(C c) {
        if (connection == c) {
            connection = null;
            closeLater(c);
        }
    }

    /** Closes the link's connection (at shutdown). */
    public synchronized void close() {
        if (connection != null) {
            closeLater(connection);
            connection = null;
        }
    }

    private void closeLater(C c) {
        // closing a dead connection can block for long: not on a request's time
        CompletableFuture.runAsync(() -> {
            try {
                connector.close(c);
            } catch (Exception e) {
                LOG.fine("closing " + name + ": " + e.getMessage());
            }
        });
    }

    /** The link's queue is full: the request was not taken. */
    public static final class LinkBusyException extends Exception {
        public LinkBusyException(String message) {
            super(message);
        }
    }
}
