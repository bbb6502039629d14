package io.omadm.gateway.demo;

import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertySet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.PropertyValue;

/**
 * A Sparkplug B edge node of the demo site: node {@code demo-edge} of group {@code Demo} with two filling machines
 * ({@code filler-1}, {@code filler-2}), each with a Temperature (Double, read-only, degC), a writable Config/Rate
 * (Int32) and a writable Running (Boolean). Like an edge node configured with a primary host, it publishes its births
 * once a host application's STATE says online (any host id here), and again on each new online STATE. It obeys DCMD
 * writes (and reports the new value in a DDATA) and rebirth requests. The gateway's Sparkplug host discovers it: DevIds {@code spb:Demo:demo-edge:filler-1}, ...
 */
public final class SimulatedEdgeNode extends MqttCallbackAdapter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimulatedEdgeNode.class.getName());
    private static final String PREFIX = "spBv1.0/Demo/";
    private static final String NODE = "demo-edge";
    static final List<String> DEVICES = List.of("filler-1", "filler-2");

    private final MqttClient client;
    /** Each device's values by metric name, as it reports them. */
    private final Map<String, Map<String, Object>> values = new ConcurrentHashMap<>();
    private long seq;

    public SimulatedEdgeNode(String brokerUrl) throws MqttException {
        client = new MqttClient(brokerUrl, "demo-edge-node", new MemoryPersistence());
        client.setCallback(this);
        for (int i = 0; i < DEVICES.size(); i++) {
            values.put(DEVICES.get(i), new ConcurrentHashMap<>(Map.of("Temperature", 20.0 + i, "Config/Rate", 60,
                    "Running", true)));
        }
    }

    public void start() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        MqttMessage will = new MqttMessage(Payload.newBuilder().setTimestamp(System.currentTimeMillis())
                .addMetrics(bdSeq()).build().toByteArray());
        will.setQos(1);
        o.setWill(PREFIX + "NDEATH/" + NODE, will);
        client.connect(o);
        client.subscribe(PREFIX + "NCMD/" + NODE, 1);
        client.subscribe(PREFIX + "DCMD/" + NODE + "/+", 1);
        client.subscribe("spBv1.0/STATE/+", 1);
    }

    private static Metric.Builder bdSeq() {
        return Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(0);
    }

    private synchronized void births() throws MqttException {
        seq = 0;
        long now = System.currentTimeMillis();
        publish(PREFIX + "NBIRTH/" + NODE, Payload.newBuilder().setTimestamp(now).setSeq(seq).addMetrics(bdSeq())
                .addMetrics(Metric.newBuilder().setName("Node Control/Rebirth").setDatatype(DataType.Boolean_VALUE)
                        .setBooleanValue(false).setTimestamp(now))
                .addMetrics(text("Properties/Hardware Make", "Demo", now))
                .addMetrics(text("Properties/Hardware Model", "Edge-1", now)).build());
        for (String d : DEVICES) {
            Map<String, Object> v = values.get(d);
            PropertySet writable = PropertySet.newBuilder().addKeys("writable").addValues(PropertyValue.newBuilder()
                    .setType(DataType.Boolean_VALUE).setBooleanValue(true)).build();
            PropertySet units = PropertySet.newBuilder().addKeys("engUnit").addValues(PropertyValue.newBuilder()
                    .setType(DataType.String_VALUE).setStringValue("degC")).build();
            publish(PREFIX + "DBIRTH/" + NODE + "/" + d, Payload.newBuilder().setTimestamp(now).setSeq(next())
                    .addMetrics(Metric.newBuilder().setName("Temperature").setDatatype(DataType.Double_VALUE)
                            .setDoubleValue((Double) v.get("Temperature")).setTimestamp(now).setProperties(units))
                    .addMetrics(Metric.newBuilder().setName("Config/Rate").setDatatype(DataType.Int32_VALUE)
                            .setIntValue((Integer) v.get("Config/Rate")).setTimestamp(now).setProperties(writable))
                    .addMetrics(Metric.newBuilder().setName("Running").setDatatype(DataType.Boolean_VALUE)
                            .setBooleanValue((Boolean) v.get("Running")).setTimestamp(now).setProperties(writable))
                    .build());
        }
    }

    private static Metric.Builder text(String name, String value, long now) {
        return Metric.newBuilder().setName(name).setDatatype(DataType.String_VALUE).setStringValue(value)
                .setTimestamp(now);
    }

    private long next() {
        seq = (seq + 1) % 256;
        return seq;
    }

    private void publish(String topic, Payload p) throws MqttException {
        client.publish(topic, new MqttMessage(p.toByteArray()));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            if (topic.startsWith("spBv1.0/STATE/")) {
                if (new String(message.getPayload(), StandardCharsets.UTF_8).replace(" ", "")
                        .contains("\"online\":true")) {
                    births();
                }
                return;
            }
            Payload p = Payload.parseFrom(message.getPayload());
            if (topic.startsWith(PREFIX + "NCMD/")) {
                if (p.getMetricsList().stream().anyMatch(m -> m.getName().equals("Node Control/Rebirth")
                        && m.getBooleanValue())) {
                    births();
                }
                return;
            }
            String device = topic.substring(topic.lastIndexOf('/') + 1);
            written(device, p);
        } catch (Exception e) {
            LOG.warning("demo edge node: a command on " + topic + " not taken: " + e.getMessage());
        }
    }

    /** A DCMD: the new values taken and reported back (by name: the births give no aliases). */
    private synchronized void written(String device, Payload p) throws MqttException {
        Map<String, Object> v = values.get(device);
        if (v == null) {
            return;
        }
        Payload.Builder data = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(next());
        for (Metric m : p.getMetricsList()) {
            switch (m.getName()) {
                case "Config/Rate" -> v.put("Config/Rate", m.getIntValue());
                case "Running" -> v.put("Running", m.getBooleanValue());
                default -> {
                    continue;
                }
            }
            data.addMetrics(m.toBuilder().setTimestamp(System.currentTimeMillis()));
        }
        publish(PREFIX + "DDATA/" + NODE + "/" + device, data.build());
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
