package io.omadm.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one source address may take of the plain HTTP port, where any device on the plant network may call: requests
 * at a steady rate with a burst (a token bucket per address) and a number of open connections. A device that keeps
 * within the DM session pattern never meets them; a flooding or misbehaving one gets 429 and leaves the others their
 * share. Kept in memory, bounded in size: an idle address's full bucket is dropped first.
 */
public final class SourceLimits {

    private static final int MAX_SOURCES = 100_000;

    private final double perMilli;
    private final int burst;
    private final int connections;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicLong refusedRequests = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();

    /** Tokens left and when they were counted; a request takes one. */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /**
     * @param perSecond requests an address may make each second, on average
     * @param burst requests it may make at once after a quiet spell
     * @param connections connections it may hold open at once
     */
    public SourceLimits(double perSecond, int burst, int connections, Clock clock) {
        if (perSecond <= 0 || burst < 1 || connections < 1) {
            throw new IllegalArgumentException("request rate, burst and connections must be positive: " + perSecond
                    + "/s, burst " + burst + ", " + connections + " connections");
        }
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.connections = connections;
        this.clock = clock;
    }

    /** Takes a request of {@code source}: empty when it may go on, else how long until it may try again. */
    public Optional<Duration> request(String source) {
        long now = clock.millis();
        if (buckets.size() >= MAX_SOURCES) {
            buckets.values().removeIf(b -> refilled(b, now) >= burst);
        }
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = refilled(b, now);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return Optional.empty();
            }
            refusedRequests.incrementAndGet();
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - b.tokens) / perMilli)));
        }
    }

    private double refilled(Bucket b, long now) {
        return Math.min(burst, b.tokens + Math.max(0, now - b.at) * perMilli);
    }

    /** A new connection of {@code source}: true when counted, false when it holds too many already. */
    public boolean connectionOpened(String source) {
        AtomicInteger n = open.computeIfAbsent(source, s -> new AtomicInteger());
        if (n.incrementAndGet() > connections) {
            n.decrementAndGet();
            refusedConnections.incrementAndGet();
            return false;
        }
        return true;
    }

    /** A counted connection of {@code source} closed. */
    public void connectionClosed(String source) {
        open.computeIfPresent(source, (s, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    public int connectionsPerSource() {
        return connections;
    }

    /** Requests refused for their rate (a metric). */
    public long refusedRequests() {
        return refusedRequests.get();
    }

    /** Connections refused for their number (a metric). */
    public long refusedConnections() {
        return refusedConnections.get();
    }
}
