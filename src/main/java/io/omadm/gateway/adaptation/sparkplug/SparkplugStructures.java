package io.omadm.gateway.adaptation.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.DataSet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.DataSet.DataSetValue;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Template;

/**
 * Sparkplug's structured values as JSON text, read-only in DM (docs/modes/sparkplug.md, "Types"):
 * <ul>
 * <li>a DataSet as {@code {"columns":[..],"types":[..],"rows":[[..],..]}};</li>
 * <li>a Template (an instance, or a definition in an NBIRTH) as {@code {"template":ref,"version":v,
 * "definition":bool,"parameters":{..},"metrics":{name:value,..}}}, members rendered by their own datatype, nested
 * templates and datasets included;</li>
 * <li>arrays (Int8Array ... DateTimeArray: little-endian packed in {@code bytes_value}, Booleans bit-packed after a
 * 4-byte count, Strings each ended by a NUL) as JSON arrays.</li>
 * </ul>
 * Integers are JSON numbers (uint64 too), DateTime an ISO-8601 UTC string.
 */
final class SparkplugStructures {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SparkplugStructures() {
    }

    static boolean isStructured(int datatype) {
        return datatype == DataType.DataSet_VALUE || datatype == DataType.Template_VALUE || isArray(datatype);
    }

    private static boolean isArray(int datatype) {
        return datatype >= DataType.Int8Array_VALUE && datatype <= DataType.DateTimeArray_VALUE;
    }

    /** The metric's value as JSON text, by its birth's datatype; null when it carries none. */
    static String text(Metric m, int datatype) {
        JsonNode n = node(m, datatype);
        return n == null ? null : n.toString();
    }

    /**
     * A template's value after a DDATA that may carry only the members that changed (as edge nodes report by
     * exception): those members replace their earlier values, the others are kept.
     */
    static String mergeTemplate(String previous, Metric m) {
        JsonNode fresh = node(m, DataType.Template_VALUE);
        if (previous == null || !(fresh instanceof ObjectNode update)) {
            return fresh == null ? previous : fresh.toString();
        }
        try {
            JsonNode old = MAPPER.readTree(previous);
            if (old instanceof ObjectNode merged && old.get("metrics") instanceof ObjectNode members
                    && update.get("metrics") instanceof ObjectNode changed) {
                members.setAll(changed);
                update.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("metrics")) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
                return merged.toString();
            }
        } catch (IOException e) {
            // the earlier value is ours and always JSON; should it not be, the new one stands alone
        }
        return update.toString();
    }

    private static JsonNode node(Metric m, int datatype) {
        if (m.getIsNull() || m.getValueCase() == Metric.ValueCase.VALUE_NOT_SET) {
            return null;
        }
        if (datatype == DataType.DataSet_VALUE) {
            return m.hasDatasetValue() ? dataSet(m.getDatasetValue()) : null;
        }
        if (datatype == DataType.Template_VALUE) {
            return m.hasTemplateValue() ? template(m.getTemplateValue()) : null;
        }
        if (isArray(datatype)) {
            return m.hasBytesValue() ? array(m.getBytesValue().toByteArray(), datatype) : null;
        }
        return scalar(datatype, SparkplugValues.text(m, datatype));
    }

    /** A scalar's DM text as the JSON value of its type. */
    private static JsonNode scalar(int datatype, String text) {
        if (text == null) {
            return JSON.nullNode();
        }
        return switch (SparkplugValues.format(datatype)) {
            case "int" -> JSON.numberNode(new BigInteger(text));
            case "float" -> JSON.numberNode(Double.parseDouble(text));
            case "bool" -> JSON.booleanNode(Boolean.parseBoolean(text));
            default -> JSON.textNode(text);
        };
    }

    private static ObjectNode dataSet(DataSet d) {
        ObjectNode o = JSON.objectNode();
        ArrayNode columns = o.putArray("columns");
        d.getColumnsList().forEach(columns::add);
        ArrayNode types = o.putArray("types");
        d.getTypesList().forEach(t -> types.add(SparkplugValues.typeName(t)));
        ArrayNode rows = o.putArray("rows");
        for (DataSet.Row r : d.getRowsList()) {
            ArrayNode row = rows.addArray();
            for (int i = 0; i < r.getElementsCount(); i++) {
                row.add(cell(r.getElements(i), i < d.getTypesCount() ? d.getTypes(i) : DataType.Unknown_VALUE));
            }
        }
        return o;
    }

    private static JsonNode cell(DataSetValue v, int type) {
        return switch (v.getValueCase()) {
            case INT_VALUE, LONG_VALUE -> {
                Metric.Builder b = Metric.newBuilder();
                if (v.hasLongValue()) {
                    b.setLongValue(v.getLongValue());
                } else {
                    b.setIntValue(v.getIntValue());
                }
                String text = SparkplugValues.text(b.build(), type);
                yield text == null ? JSON.numberNode(v.hasLongValue() ? v.getLongValue() : v.getIntValue())
                        : scalar(type, text);
            }
            case FLOAT_VALUE -> JSON.numberNode(v.getFloatValue());
            case DOUBLE_VALUE -> JSON.numberNode(v.getDoubleValue());
            case BOOLEAN_VALUE -> JSON.booleanNode(v.getBooleanValue());
            case STRING_VALUE -> JSON.textNode(v.getStringValue());
            default -> JSON.nullNode();
        };
    }

    private static ObjectNode template(Template t) {
        ObjectNode o = JSON.objectNode();
        if (t.hasTemplateRef()) {
            o.put("template", t.getTemplateRef());
        }
        if (t.hasVersion()) {
            o.put("version", t.getVersion());
        }
        o.put("definition", t.getIsDefinition());
        if (t.getParametersCount() > 0) {
            ObjectNode params = o.putObject("parameters");
            for (Template.Parameter p : t.getParametersList()) {
                params.set(p.getName(), parameter(p));
            }
        }
        ObjectNode members = o.putObject("metrics");
        for (Metric member : t.getMetricsList()) {
            JsonNode value = node(member, member.getDatatype());
            members.set(member.getName(), value == null ? JSON.nullNode() : value);
        }
        return o;
    }

    private static JsonNode parameter(Template.Parameter p) {
        return switch (p.getValueCase()) {
            case INT_VALUE -> JSON.numberNode(p.getIntValue());
            case LONG_VALUE -> JSON.numberNode(p.getLongValue());
            case FLOAT_VALUE -> JSON.numberNode(p.getFloatValue());
            case DOUBLE_VALUE -> JSON.numberNode(p.getDoubleValue());
            case BOOLEAN_VALUE -> JSON.booleanNode(p.getBooleanValue());
            case STRING_VALUE -> JSON.textNode(p.getStringValue());
            default -> JSON.nullNode();
        };
    }

    private static ArrayNode array(byte[] bytes, int datatype) {
        ArrayNode a = JSON.arrayNode();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (datatype) {
            case DataType.Int8Array_VALUE -> each(b, 1, () -> a.add(b.get()));
            case DataType.Int16Array_VALUE -> each(b, 2, () -> a.add(b.getShort()));
            case DataType.Int32Array_VALUE -> each(b, 4, () -> a.add(b.getInt()));
            case DataType.Int64Array_VALUE -> each(b, 8, () -> a.add(b.getLong()));
            case DataType.UInt8Array_VALUE -> each(b, 1, () -> a.add(b.get() & 0xFF));
            case DataType.UInt16Array_VALUE -> each(b, 2, () -> a.add(b.getShort() & 0xFFFF));
            case DataType.UInt32Array_VALUE -> each(b, 4, () -> a.add(b.getInt() & 0xFFFF_FFFFL));
            case DataType.UInt64Array_VALUE -> each(b, 8, () -> a.add(new BigInteger(Long.toUnsignedString(
                    b.getLong()))));
            case DataType.FloatArray_VALUE -> each(b, 4, () -> a.add(b.getFloat()));
            case DataType.DoubleArray_VALUE -> each(b, 8, () -> a.add(b.getDouble()));
            case DataType.DateTimeArray_VALUE -> each(b, 8, () -> a.add(Instant.ofEpochMilli(b.getLong())
                    .toString()));
            case DataType.BooleanArray_VALUE -> booleans(b, a);
            case DataType.StringArray_VALUE -> strings(bytes, a);
            default -> throw new IllegalArgumentException("not an array datatype: " + datatype);
        }
        return a;
    }

    private static void each(ByteBuffer b, int size, Runnable read) {
        while (b.remaining() >= size) { // a ragged tail (a broken encoder) is left out, not misread
            read.run();
        }
    }

    /** A 4-byte count, then the values packed 8 to a byte, the first in the highest bit (the specification's). */
    private static void booleans(ByteBuffer b, ArrayNode a) {
        if (b.remaining() < 4) {
            return;
        }
        long count = b.getInt() & 0xFFFF_FFFFL;
        for (long i = 0; i < count && b.position() + (int) (i / 8) < b.limit(); i++) {
            int packed = b.get(b.position() + (int) (i / 8));
            a.add((packed & (0x80 >>> (i % 8))) != 0);
        }
    }

    private static void strings(byte[] bytes, ArrayNode a) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                a.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
    }
}
