package io.omadm.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Mode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordPrefetchTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final List<Integer> readSizes = new ArrayList<>();

    /** The inventory: every device but "gone". */
    private Map<String, DeviceRecord> read(Collection<String> ids) {
        reads.incrementAndGet();
        synchronized (readSizes) {
            readSizes.add(ids.size());
        }
        Map<String, DeviceRecord> out = new HashMap<>();
        ids.stream().filter(id -> !id.equals("gone")).forEach(id -> out.put(id, DeviceRecord.of(id, Mode.ADAPTATION)));
        return out;
    }

    @Test
    void eachPageIsReadOnceByConcurrentTakersAndDroppedWhenAllItsDevicesTookTheirRecord() throws Exception {
        int devices = RecordPrefetch.PAGE * 3 + 10;
        List<String> order = new ArrayList<>(IntStream.range(0, devices).mapToObj(i -> "d" + i).toList());
        order.set(5, "gone");
        RecordPrefetch prefetch = new RecordPrefetch(order, this::read);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Boolean>> found = new ArrayList<>();
        for (String id : order) {
            found.add(pool.submit(() -> prefetch.take(id).map(r -> r.devId().equals(id)).orElse(false)));
        }
        int present = 0;
        for (Future<Boolean> f : found) {
            present += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(devices - 1, present, "every existing device got its own record; the missing one none");
        assertEquals(4, reads.get(), "one read per page " + readSizes);
        assertEquals(List.of(10, RecordPrefetch.PAGE, RecordPrefetch.PAGE, RecordPrefetch.PAGE),
                readSizes.stream().sorted().toList());
        assertEquals(0, prefetch.pagesHeld(), "nothing kept once taken");
        assertTrue(prefetch.take("elsewhere").isPresent(), "a device outside the order is read alone");
        assertEquals(5, reads.get());
    }
}
