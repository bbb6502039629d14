package io.omadm.gateway.adaptation.mqtt;

import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * What both MQTT versions' links share: when to connect and with what backoff, and the subscriptions to make again
 * on every connection. A subclass makes one connection attempt, one subscription, and hands over what arrives.
 * Until the wait after a failed attempt is over a caller fails at once, without waiting for the broker; when the
 * wait is over the attempt is made in the background, or by the first caller, whichever comes first.
 */
abstract class ReconnectingLink implements MqttLink {

    private static final Logger LOG = Logger.getLogger(ReconnectingLink.class.getName());

    /** A subscription, and the connection it was last made on. */
    private static final class Subscription {
        final int qos;
        final Consumer<Received> listener;
        volatile long madeOn = -1;

        Subscription(int qos, Consumer<Received> listener) {
            this.qos = qos;
            this.listener = listener;
        }
    }

    protected final BrokerSettings broker;
    protected final long timeoutMillis;
    private final ReconnectPolicy reconnect;
    private final ReentrantLock connecting = new ReentrantLock();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** Whether the connection is up with every subscription in place. */
    private volatile boolean up;
    /** Counts connections: a subscription made on an earlier one must be made again. */
    private volatile long connection;
    /** Connection attempts that failed in a row, and when the next may be made (System.nanoTime; 0: now). */
    private volatile int failedAttempts;
    private volatile long nextAttempt;
    private volatile String lastError;
    private final AtomicBoolean reconnectPlanned = new AtomicBoolean();
    private final ScheduledExecutorService reconnector;

    ReconnectingLink(BrokerSettings broker, Duration timeout, ReconnectPolicy reconnect) {
        this.broker = broker;
        this.timeoutMillis = timeout.toMillis();
        this.reconnect = reconnect;
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-reconnect-" + broker.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** One connection attempt; throws when the broker was not reached or refused the gateway. */
    protected abstract void connectOnce(long waitMillis) throws Exception;

    /** One subscription on the current connection. */
    protected abstract void subscribeOnce(String filter, int qos, long waitMillis) throws Exception;

    /** Drops a connection that is up but could not be made ready (a subscription failed). */
    protected abstract void dropConnection();

    /** Whether an MQTT topic filter matches a topic. */
    protected abstract boolean matches(String filter, String topic);

    @Override
    public BrokerSettings broker() {
        return broker;
    }

    @Override
    public LinkState state() {
        return LinkState.of("mqtt", broker.toString(), up, failedAttempts, lastError);
    }

    /** Returns once connected with every subscription in place, or throws saying why not. */
    protected final void ready(long deadline) throws Exception {
        if (broker.url().isBlank()) {
            throw new IllegalStateException("MQTT broker " + broker.name() + " has no URL (gateway.mqtt.url"
                    + (BrokerSettings.DEFAULT.equals(broker.name()) ? "" : "/brokers." + broker.name() + ".url")
                    + " is not set)");
        }
        if (up) {
            return;
        }
        long wait = nextAttempt - System.nanoTime();
        if (wait > 0) {
            throw new IllegalStateException("reconnecting to the MQTT broker " + broker + ": " + failedAttempts
                    + " attempts failed, the next in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
        }
        // one caller connects; the others wait for it no longer than their own time
        if (!connecting.tryLock(left(deadline), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("still connecting to the MQTT broker " + broker);
        }
        try {
            if (!up) {
                attempt(Math.max(1, left(deadline)));
            }
        } finally {
            connecting.unlock();
        }
    }

    /** One attempt, holding {@link #connecting}: connects and subscribes; on failure plans the next. */
    private void attempt(long waitMillis) throws Exception {
        try {
            connectOnce(waitMillis);
            connection++;
            for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
                make(s.getKey(), s.getValue(), waitMillis);
            }
        } catch (Exception e) {
            failedAttempts++;
            lastError = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            Duration next = reconnect.after(failedAttempts);
            nextAttempt = System.nanoTime() + next.toNanos();
            dropConnection();
            reconnectIn(next);
            throw e;
        }
        if (failedAttempts > 0) {
            LOG.info("MQTT broker " + broker + " connected after " + failedAttempts + " failed attempts");
        }
        failedAttempts = 0;
        nextAttempt = 0;
        up = true;
    }

    @Override
    public final void subscribe(String filter, int qos, Consumer<Received> listener, long deadline)
            throws Exception {
        Subscription s = subscriptions.computeIfAbsent(filter, f -> new Subscription(qos, listener));
        ready(deadline);
        if (s.madeOn != connection) {
            make(filter, s, Math.max(1, left(deadline)));
        }
    }

    /** Makes a subscription on the current connection unless it is made there already. */
    private void make(String filter, Subscription s, long waitMillis) throws Exception {
        synchronized (s) {
            long current = connection;
            if (s.madeOn != current) {
                subscribeOnce(filter, s.qos, waitMillis);
                s.madeOn = current;
            }
        }
    }

    @Override
    public final void subscribeInBackground(String filter, int qos, Consumer<Received> listener) {
        Subscription s = subscriptions.computeIfAbsent(filter, f -> new Subscription(qos, listener));
        if (broker.url().isBlank()) {
            return;
        }
        reconnector.execute(() -> {
            try {
                ready(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                make(filter, s, timeoutMillis);
            } catch (Exception e) {
                LOG.fine("MQTT broker " + broker + ": " + filter + " not subscribed yet: " + e.getMessage());
            }
        });
    }

    /** To be called by the subclass when the connection is lost. */
    protected final void lost(String reason) {
        up = false;
        LOG.warning("MQTT broker " + broker + " lost: " + reason);
        reconnectIn(reconnect.initial());
    }

    /** To be called by the subclass for every message that arrives. */
    protected final void arrived(Received m) {
        Subscription exact = subscriptions.get(m.topic());
        if (exact != null) {
            exact.listener.accept(m);
            return;
        }
        subscriptions.forEach((filter, s) -> {
            if ((filter.contains("+") || filter.contains("#")) && matches(filter, m.topic())) {
                s.listener.accept(m);
            }
        });
    }

    /** A connection attempt in the background after {@code delay}, unless one is planned already. */
    private void reconnectIn(Duration delay) {
        if (!reconnectPlanned.compareAndSet(false, true)) {
            return;
        }
        reconnector.schedule(() -> {
            reconnectPlanned.set(false);
            connecting.lock();
            try {
                if (!up) {
                    attempt(timeoutMillis);
                }
            } catch (Exception e) {
                LOG.fine("MQTT broker " + broker + " not reached: " + e.getMessage());
            } finally {
                connecting.unlock();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Milliseconds to the deadline (System.nanoTime), none when past. */
    static long left(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Stops reconnecting; the subclass closes its client. */
    protected final void stopReconnecting() {
        reconnector.shutdownNow();
    }
}
