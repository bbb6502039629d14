package io.omadm.gateway.adaptation.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last message each subscribed topic brought (keyed by broker and topic), and when: devices that publish their
 * values, retained or as telemetry. A read takes it while it is fresh enough, else waits for the next one. An empty
 * payload (a retained value cleared) forgets the topic's value.
 */
final class LastValues {

    private record Value(byte[] payload, long receivedNanos) {
    }

    private final Map<String, Value> values = new ConcurrentHashMap<>();
    /** Readers waiting for a topic's next message. */
    private final Map<String, CompletableFuture<byte[]>> next = new ConcurrentHashMap<>();

    void arrived(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            values.remove(topic);
            return;
        }
        values.put(topic, new Value(payload, System.nanoTime()));
        CompletableFuture<byte[]> waiting = next.remove(topic);
        if (waiting != null) {
            waiting.complete(payload);
        }
    }

    /**
     * The topic's value if it is no older than {@code maxAge}, else the next one to arrive before the deadline
     * (System.nanoTime).
     */
    byte[] read(String topic, Duration maxAge, long deadline) throws Exception {
        CompletableFuture<byte[]> waiting = next.computeIfAbsent(topic, t -> new CompletableFuture<>());
        Value v = values.get(topic); // after registering: a value arriving in between completes the future
        if (v != null && fresh(v, maxAge)) {
            return v.payload();
        }
        try {
            return waiting.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            next.remove(topic, waiting);
            String where = topic.substring(topic.indexOf(' ') + 1);
            throw new TimeoutException(v == null ? "no value published on " + where + " yet"
                    : "the last value on " + where + " is " + age(v) + " ms old (max-age " + maxAge.toMillis()
                    + " ms) and no newer one came");
        }
    }

    private static boolean fresh(Value v, Duration maxAge) {
        long ageNanos = System.nanoTime() - v.receivedNanos();
        return maxAge.toMillis() == Long.MAX_VALUE || ageNanos <= maxAge.toNanos();
    }

    private static long age(Value v) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - v.receivedNanos());
    }
}
