package io.omadm.gateway.adaptation.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.omadm.gateway.adaptation.DeviceProfile;
import io.omadm.gateway.adaptation.Point;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.DataSet;
import org.eclipse.tahu.message.model.DataSetDataType;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.Parameter;
import org.eclipse.tahu.message.model.ParameterDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.Row;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.Template;
import org.eclipse.tahu.message.model.Value;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;

/**
 * Datasets, templates and arrays read as JSON, and a metric's units and time as its node's Title and TStamp. The
 * payloads are made with Tahu's own object model and encoder, not with the protobuf builders the host decodes with.
 */
class SparkplugStructuresTest {

    private final HostState state = new HostState(Duration.ZERO, true, FactMetrics.DEFAULT, new RecordedEvents(),
            System::nanoTime);

    private static SparkplugTopic topic(String type, String device) {
        return SparkplugTopic.parse("spBv1.0/G/" + type + "/E" + (device == null ? "" : "/" + device)).orElseThrow();
    }

    private static Payload encoded(long seq, Metric... metrics) throws Exception {
        SparkplugBPayload p = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date(1_000))
                .setSeq(seq).addMetrics(List.of(metrics)).createPayload();
        return Payload.parseFrom(new SparkplugBPayloadEncoder().getBytes(p, false));
    }

    private static Metric metric(String name, MetricDataType type, Object value) throws Exception {
        return new Metric.MetricBuilder(name, type, value).timestamp(new Date(1_700_000_000_000L)).createMetric();
    }

    private static Template motor(Integer speed, Double current) throws Exception {
        Template.TemplateBuilder t = new Template.TemplateBuilder().templateRef("Motor").version("2").definition(false)
                .addParameter(new Parameter("poles", ParameterDataType.Int32, 4));
        if (speed != null) {
            t.addMetric(metric("Speed", MetricDataType.Int32, speed));
        }
        if (current != null) {
            t.addMetric(metric("Current", MetricDataType.Double, current));
        }
        return t.createTemplate();
    }

    private void born(Metric... metrics) throws Exception {
        state.received(topic("NBIRTH", null), encoded(0, metric("bdSeq", MetricDataType.Int64, 0L)));
        state.received(topic("DBIRTH", "D"), encoded(1, metrics));
    }

    private String value(String metric) {
        return state.target("spb:G:E:D").orElseThrow().metrics().get(metric).value();
    }

    @Test
    void aDataSetIsReadAsColumnsTypesAndRows() throws Exception {
        DataSet recipe = new DataSet.DataSetBuilder(3).addColumnName("step").addColumnName("temp")
                .addColumnName("name").addType(DataSetDataType.UInt32).addType(DataSetDataType.Double)
                .addType(DataSetDataType.String)
                .addRow(new Row(List.of(new Value<>(DataSetDataType.UInt32, 4_000_000_000L),
                        new Value<>(DataSetDataType.Double, 71.5), new Value<>(DataSetDataType.String, "heat"))))
                .addRow(new Row(List.of(new Value<>(DataSetDataType.UInt32, 2L),
                        new Value<>(DataSetDataType.Double, -3.0), new Value<>(DataSetDataType.String, "cool"))))
                .createDataSet();
        born(metric("Recipe", MetricDataType.DataSet, recipe));
        assertEquals("{\"columns\":[\"step\",\"temp\",\"name\"],\"types\":[\"UInt32\",\"Double\",\"String\"],"
                + "\"rows\":[[4000000000,71.5,\"heat\"],[2,-3.0,\"cool\"]]}", value("Recipe"));
    }

    @Test
    void aTemplateIsReadWithItsMembersAndADdataOfSomeMembersKeepsTheOthers() throws Exception {
        born(new Metric.MetricBuilder("Pump", MetricDataType.Template, motor(1500, 2.5)).alias(7L)
                .timestamp(new Date(1_000)).createMetric());
        assertEquals("{\"template\":\"Motor\",\"version\":\"2\",\"definition\":false,\"parameters\":{\"poles\":4},"
                + "\"metrics\":{\"Speed\":1500,\"Current\":2.5}}", value("Pump"));
        state.received(topic("DDATA", "D"), encoded(2, new Metric.MetricBuilder(7L, MetricDataType.Template,
                motor(1800, null)).timestamp(new Date(2_000)).createMetric()));
        assertEquals("{\"template\":\"Motor\",\"version\":\"2\",\"definition\":false,\"parameters\":{\"poles\":4},"
                + "\"metrics\":{\"Speed\":1800,\"Current\":2.5}}", value("Pump"), "Current is kept");
    }

    @Test
    void arraysAreReadAsJsonArraysOfTheirType() throws Exception {
        born(metric("I8", MetricDataType.Int8Array, new Byte[] {-23, 123}),
                metric("U16", MetricDataType.UInt16Array, new Integer[] {65535, 1}),
                metric("I32", MetricDataType.Int32Array, new Integer[] {123456789, -987654321}),
                metric("U32", MetricDataType.UInt32Array, new Long[] {4294967295L, 0L}),
                metric("U64", MetricDataType.UInt64Array, new BigInteger[] {new BigInteger("18446744073709551615")}),
                metric("F", MetricDataType.FloatArray, new Float[] {1.5f, -2.25f}),
                metric("D", MetricDataType.DoubleArray, new Double[] {0.125}),
                metric("B", MetricDataType.BooleanArray, new Boolean[] {false, false, true, true, false, true, false,
                        false, true, true, false, true}),
                metric("S", MetricDataType.StringArray, new String[] {"ab", "", "cé"}),
                metric("T", MetricDataType.DateTimeArray, new Date[] {new Date(0), new Date(1_700_000_000_000L)}));
        assertEquals("[-23,123]", value("I8"));
        assertEquals("[65535,1]", value("U16"));
        assertEquals("[123456789,-987654321]", value("I32"));
        assertEquals("[4294967295,0]", value("U32"));
        assertEquals("[18446744073709551615]", value("U64"));
        assertEquals("[1.5,-2.25]", value("F"));
        assertEquals("[0.125]", value("D"));
        assertEquals("[false,false,true,true,false,true,false,false,true,true,false,true]", value("B"));
        assertEquals("[\"ab\",\"\",\"cé\"]", value("S"));
        assertEquals("[\"1970-01-01T00:00:00Z\",\"2023-11-14T22:13:20Z\"]", value("T"));
    }

    @Test
    void structuredMetricsAreReadOnlyTextNodesAndUnitsAndTimeAreTheNodesTitleAndTStamp() throws Exception {
        PropertySet units = new PropertySet.PropertySetBuilder().addProperty("engUnit",
                new PropertyValue(PropertyDataType.String, "degC")).addProperty("writable",
                new PropertyValue(PropertyDataType.Boolean, true)).createPropertySet();
        born(new Metric.MetricBuilder("Temperature", MetricDataType.Double, 21.5).properties(units)
                        .timestamp(new Date(1_700_000_000_000L)).createMetric(),
                new Metric.MetricBuilder("Profile", MetricDataType.Int32Array, new Integer[] {1}).properties(units)
                        .timestamp(new Date(1_000)).createMetric(),
                metric("Count", MetricDataType.Int32, 3));
        DeviceProfile p = new SparkplugProfiles(state).profile("sparkplug:spb:G:E:D").orElseThrow();
        Point t = p.point("Temperature").orElseThrow();
        assertEquals("degC", t.title());
        assertEquals(1_700_000_000_000L, t.changed());
        assertEquals(Set.of("Get", "Replace"), t.commands());
        Point profile = p.point("Profile").orElseThrow();
        assertEquals("chr", profile.format());
        assertEquals(Set.of("Get"), profile.commands(), "writable in its birth, but arrays are read-only");
        state.received(topic("DDATA", "D"), encoded(2, new Metric.MetricBuilder("Temperature", MetricDataType.Double,
                22.0).timestamp(new Date(1_700_000_060_000L)).createMetric()));
        assertEquals(1_700_000_060_000L, new SparkplugProfiles(state).profile("sparkplug:spb:G:E:D").orElseThrow()
                .point("Temperature").orElseThrow().changed());
        assertNull(p.point("Count").orElseThrow().title(), "no units, no title");
    }
}
