package io.omadm.gateway.adaptation.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An edge node's sequence numbers as the host follows them: reordering within the timeout, wrapping, a gap. */
class HostStateTest {

    private final RecordedEvents recorded = new RecordedEvents();
    private final List<String> events = recorded.events;
    private final AtomicLong nanos = new AtomicLong(1);
    private final HostState state = new HostState(Duration.ofSeconds(2), false, FactMetrics.DEFAULT, recorded,
            nanos::get);

    private static SparkplugTopic topic(String type) {
        return SparkplugTopic.parse("spBv1.0/G/" + type + "/E").orElseThrow();
    }

    private void level(int seq, int value) {
        state.received(topic("NDATA"), Payload.newBuilder().setSeq(seq).setTimestamp(seq)
                .addMetrics(Metric.newBuilder().setAlias(9).setIntValue(value)).build());
    }

    private String level() {
        return state.target("spb:G:E").orElseThrow().metrics().get("Level").value();
    }

    @BeforeEach
    void born() {
        state.received(topic("NBIRTH"), Payload.newBuilder().setSeq(0).setTimestamp(0)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(1))
                .addMetrics(Metric.newBuilder().setName("Level").setAlias(9).setDatatype(DataType.Int32_VALUE)
                        .setIntValue(0)).build());
        events.clear();
    }

    @Test
    void aMessageAheadWaitsForTheMissingOneAndBothApplyInOrderWithoutARebirth() {
        level(2, 20);
        assertEquals("0", level(), "held until seq 1 comes");
        nanos.addAndGet(Duration.ofMillis(1_500).toNanos());
        state.tick();
        level(1, 10);
        assertEquals("20", level(), "seq 1 then the held seq 2");
        level(3, 30);
        assertEquals("30", level());
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        state.tick();
        assertEquals(List.of(), events, "no rebirth: nothing was lost");
    }

    @Test
    void theSequenceWrapsFrom255To0() {
        for (int seq = 1; seq <= 255; seq++) {
            level(seq, seq);
        }
        level(0, 256);
        level(1, 257);
        assertEquals("257", level());
        assertEquals(List.of(), events);
    }

    @Test
    void aMessageThatNeverComesAsksOneRebirthOnceTheReorderTimeoutHasPassed() {
        level(2, 20);
        level(3, 30);
        nanos.addAndGet(Duration.ofMillis(1_900).toNanos());
        state.tick();
        assertEquals(List.of(), events, "still within the reorder timeout");
        nanos.addAndGet(Duration.ofMillis(200).toNanos());
        state.tick();
        state.tick();
        assertEquals(List.of("rebirth spb:G:E"), events);
        assertEquals("0", level(), "what was held is dropped: the rebirth brings the current values");
    }
}
