package io.omadm.gateway.adaptation.sparkplug;

import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertySet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertyValue;

/**
 * One metric as a birth certificate declared it (name, alias, datatype, whether it may be written, its engineering
 * units) and its last value with the time the edge node gave it. A metric is stale from its node's or device's death
 * until the next birth. Written by the host's one receiving thread, read by any.
 */
final class MetricState {

    static final long NO_ALIAS = -1;

    final String name;
    final long alias;
    final int datatype;
    final boolean inLong;
    final boolean writable;
    final String units;
    private volatile String value;
    private volatile long timestamp;
    private volatile boolean stale;

    private MetricState(String name, long alias, int datatype, boolean inLong, boolean writable, String units) {
        this.name = name;
        this.alias = alias;
        this.datatype = datatype;
        this.inLong = inLong;
        this.writable = writable;
        this.units = units;
    }

    /**
     * A metric of a birth. It may be written when its properties say so ({@code writable: true}, or
     * {@code readOnly: false}), or, when they say nothing, as {@code writableByDefault} says; Node Control metrics
     * always may.
     */
    static MetricState born(Metric m, long payloadTimestamp, boolean writableByDefault) {
        Boolean writable = flag(m.getProperties(), "writable");
        Boolean readOnly = flag(m.getProperties(), "readOnly");
        boolean w = m.getName().startsWith("Node Control/") || (writable != null ? writable
                : readOnly != null ? !readOnly : writableByDefault);
        MetricState s = new MetricState(m.getName(), m.hasAlias() ? m.getAlias() : NO_ALIAS, m.getDatatype(),
                m.hasLongValue(), w, text(m.getProperties(), "engUnit", "Engineering Units"));
        s.update(m, payloadTimestamp);
        return s;
    }

    void update(Metric m, long payloadTimestamp) {
        value = datatype == DataType.Template_VALUE ? SparkplugStructures.mergeTemplate(value, m)
                : SparkplugStructures.isStructured(datatype) ? SparkplugStructures.text(m, datatype)
                : SparkplugValues.text(m, datatype);
        timestamp = m.hasTimestamp() ? m.getTimestamp() : payloadTimestamp;
        stale = false;
    }

    void stale() {
        stale = true;
    }

    boolean isStale() {
        return stale;
    }

    String value() {
        return value;
    }

    long timestamp() {
        return timestamp;
    }

    private static Boolean flag(PropertySet p, String key) {
        PropertyValue v = property(p, key);
        return v == null || !v.hasBooleanValue() ? null : v.getBooleanValue();
    }

    private static String text(PropertySet p, String... keys) {
        for (String key : keys) {
            PropertyValue v = property(p, key);
            if (v != null && v.hasStringValue()) {
                return v.getStringValue();
            }
        }
        return null;
    }

    private static PropertyValue property(PropertySet p, String key) {
        for (int i = 0; i < p.getKeysCount() && i < p.getValuesCount(); i++) {
            if (p.getKeys(i).equals(key)) {
                return p.getValues(i);
            }
        }
        return null;
    }
}
