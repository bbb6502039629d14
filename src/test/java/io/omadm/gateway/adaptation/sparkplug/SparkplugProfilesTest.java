package io.omadm.gateway.adaptation.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.DeviceProfile;
import io.omadm.gateway.adaptation.ProfileRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertySet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertyValue;
import org.junit.jupiter.api.Test;

/** A Sparkplug device's tree, made from its birth and served through the profile registry. */
class SparkplugProfilesTest {

    private final RecordedEvents recorded = new RecordedEvents();
    private final List<String> events = recorded.events;
    private final HostState state = new HostState(Duration.ZERO, false, FactMetrics.DEFAULT, recorded,
            System::nanoTime);

    private static SparkplugTopic topic(String type, String device) {
        return SparkplugTopic.parse("spBv1.0/G/" + type + "/E" + (device == null ? "" : "/" + device)).orElseThrow();
    }

    private static Metric.Builder metric(String name, int type) {
        return Metric.newBuilder().setName(name).setDatatype(type).setTimestamp(1);
    }

    @Test
    void aDevicesTreeHasALeafPerMappedMetricWithItsFormatAndTheCommandsItsBirthAllowsUntilItDies() {
        PropertySet writable = PropertySet.newBuilder().addKeys("writable").addValues(PropertyValue.newBuilder()
                .setType(DataType.Boolean_VALUE).setBooleanValue(true)).build();
        state.received(topic("NBIRTH", null), Payload.newBuilder().setSeq(0).setTimestamp(1)
                .addMetrics(metric("bdSeq", DataType.Int64_VALUE).setLongValue(3))
                .addMetrics(metric("Node Control/Rebirth", DataType.Boolean_VALUE).setBooleanValue(false)).build());
        state.received(topic("DBIRTH", "D"), Payload.newBuilder().setSeq(1).setTimestamp(1)
                .addMetrics(metric("Line/Temperature", DataType.Float_VALUE).setFloatValue(20.5f).setAlias(1))
                .addMetrics(metric("Line/Count", DataType.UInt32_VALUE).setIntValue(-1).setAlias(2)
                        .setProperties(writable))
                .addMetrics(metric("Enable", DataType.Boolean_VALUE).setBooleanValue(true).setAlias(3)
                        .setProperties(writable))
                .addMetrics(metric("Recipe", DataType.DataSet_VALUE).setAlias(4))
                .addMetrics(metric("What?", DataType.String_VALUE).setStringValue("x").setAlias(5)).build());
        assertEquals(List.of("born spb:G:E", "born spb:G:E:D"), events);
        ProfileRegistry registry = new ProfileRegistry(Path.of("no-such-dir"));
        registry.generatedBy(new SparkplugProfiles(state)::profile);
        DeviceProfile p = registry.profile("sparkplug:spb:G:E:D").orElseThrow();
        assertEquals(List.of("Line/Temperature", "Line/Count", "Enable", "Recipe"), List.copyOf(p.points().keySet()),
                "the name that is no node path is left out");
        assertEquals("chr", p.point("Recipe").orElseThrow().format(), "a dataset is read as JSON text");
        assertEquals("float", p.point("Line/Temperature").orElseThrow().format());
        assertEquals(List.of("Get"), List.copyOf(p.point("Line/Temperature").orElseThrow().commands()));
        assertEquals("int", p.point("Line/Count").orElseThrow().format());
        assertTrue(p.point("Line/Count").orElseThrow().commands().contains("Replace"));
        assertTrue(p.point("Enable").orElseThrow().commands().contains("Exec"));
        assertTrue(p.isInterior("Line"));
        assertEquals("4294967295", state.target("spb:G:E:D").orElseThrow().metrics().get("Line/Count").value(),
                "a uint32 in int_value, read unsigned");
        assertTrue(registry.profile("sparkplug:spb:G:E:unknown").isEmpty());
        assertTrue(registry.profile("sparkplug:spb:G:E").orElseThrow().point("Node Control/Rebirth").orElseThrow()
                .commands().contains("Exec"));
        state.received(topic("DDEATH", "D"), Payload.newBuilder().setSeq(2).setTimestamp(2).build());
        assertEquals("died spb:G:E:D", events.get(events.size() - 1));
        assertTrue(state.target("spb:G:E:D").orElseThrow().metrics().get("Enable").isStale());
        assertTrue(state.target("spb:G:E").orElseThrow().online(), "the node lives on");
    }

    @Test
    void dataOfAnUnknownAliasOrBeforeABirthAsksForOneRebirthAndADeathOfAnOldSessionIsIgnored() {
        state.received(topic("DDATA", "D"), Payload.newBuilder().setSeq(5).build());
        assertEquals(List.of("rebirth spb:G:E"), events, "data before any birth");
        events.clear();
        state.received(topic("NBIRTH", null), Payload.newBuilder().setSeq(0)
                .addMetrics(metric("bdSeq", DataType.Int64_VALUE).setLongValue(7))
                .addMetrics(metric("Level", DataType.Int16_VALUE).setIntValue(-2).setAlias(9)).build());
        assertEquals("-2", state.target("spb:G:E").orElseThrow().metrics().get("Level").value());
        state.received(topic("NDATA", null), Payload.newBuilder().setSeq(1)
                .addMetrics(Metric.newBuilder().setAlias(42).setIntValue(1)).build());
        assertEquals(List.of("born spb:G:E", "rebirth spb:G:E"), events, "an alias the birth did not declare");
        state.received(topic("NDEATH", null), Payload.newBuilder()
                .addMetrics(metric("bdSeq", DataType.Int64_VALUE).setLongValue(6)).build());
        assertTrue(state.target("spb:G:E").orElseThrow().online(), "the will of the session before stays unheard");
        state.received(topic("NDEATH", null), Payload.newBuilder()
                .addMetrics(metric("bdSeq", DataType.Int64_VALUE).setLongValue(7)).build());
        assertTrue(!state.target("spb:G:E").orElseThrow().online());
        assertTrue(state.target("spb:G:E").orElseThrow().metrics().get("Level").isStale());
    }
}
