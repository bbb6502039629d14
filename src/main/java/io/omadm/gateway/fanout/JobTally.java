package io.omadm.gateway.fanout;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running job's counts, kept in memory as its answers are committed: an operator or a server watching a job of
 * 10,000 devices does not have the gateway count its results again at every look. Counts by DM status, and the
 * devices not yet answered under null, as {@link FanoutStore#counts} reads them from the database. It also says which
 * devices have answered, so that a device's second answer is not stored: claimed by the store's one writer at a time.
 */
final class JobTally {

    private final int total;
    private final AtomicInteger pending;
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final BitSet claimed = new BitSet();

    JobTally(int total) {
        this.total = total;
        this.pending = new AtomicInteger(total);
    }

    /** True when the device had no answer: its answer is now being written (by the store's writer). */
    boolean claim(int seq) {
        if (seq < 0 || seq >= total || claimed.get(seq)) {
            return false;
        }
        claimed.set(seq);
        return true;
    }

    /** The answer claimed was not written after all. */
    void unclaim(int seq) {
        claimed.clear(seq);
    }

    /** A device's answer was committed. */
    void answered(int status) {
        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        pending.decrementAndGet();
    }

    Map<Integer, Integer> counts() {
        Map<Integer, Integer> counts = FanoutStore.countsMap();
        byStatus.forEach((status, n) -> counts.put(status, n.get()));
        if (pending.get() > 0) {
            counts.put(null, pending.get());
        }
        return counts;
    }
}
