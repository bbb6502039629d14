package io.omadm.gateway.testing.sparkplug;

import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * A Sparkplug B edge node as a plant's would behave, written apart from the gateway's host (Tahu's payload model and
 * encoder, its own sequence and bdSeq): a will NDEATH, an NBIRTH with bdSeq and Node Control/Rebirth, a DBIRTH per
 * device (Temperature Double read-only with units, Speed Int32 writable, Serial String, Running Boolean), data by
 * alias, and the commands it receives decoded and kept. A Rebirth command is obeyed.
 */
public final class EdgeNodeSimulator implements AutoCloseable {

    public static final String NS = "spBv1.0";

    /** A command received: its topic and the metrics of its payload as Tahu decoded them. */
    public record Command(String topic, List<Metric> metrics) {
    }

    private final String url;
    private final String group;
    private final String node;
    private final List<String> devices;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final AtomicInteger rebirthsAsked = new AtomicInteger();
    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
    private MqttAsyncClient client;
    private long bdSeq = -1;
    private long seq;

    public EdgeNodeSimulator(String url, String group, String node, List<String> devices) {
        this.url = url;
        this.group = group;
        this.node = node;
        this.devices = List.copyOf(devices);
    }

    /** Connects with a new bdSeq in its will, subscribes to its commands, publishes its births. */
    public synchronized void connect() throws Exception {
        bdSeq = (bdSeq + 1) % 256;
        client = new MqttAsyncClient(url, "sim-" + group + "-" + node, new MemoryPersistence());
        client.setCallback(new Commands());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        MqttMessage will = new MqttMessage(bytes(payload(null).addMetric(bdSeqMetric()).createPayload()));
        will.setQos(1);
        o.setWill(topic("NDEATH", null), will);
        client.connect(o).waitForCompletion(5000);
        client.subscribe(topic("NCMD", null), 1).waitForCompletion(5000);
        client.subscribe(NS + "/" + group + "/DCMD/" + node + "/+", 1).waitForCompletion(5000);
        births();
    }

    /** NBIRTH (seq 0) and each device's DBIRTH. */
    public synchronized void births() throws Exception {
        seq = 0;
        SparkplugBPayload.SparkplugBPayloadBuilder nb = payload(seq).addMetric(bdSeqMetric());
        nb.addMetric(new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, false).createMetric());
        nb.addMetric(new Metric.MetricBuilder("Properties/Hardware Make", MetricDataType.String, "Acme").alias(1L)
                .createMetric());
        nb.addMetric(new Metric.MetricBuilder("Properties/Hardware Model", MetricDataType.String, "EdgeBox 9")
                .alias(2L).createMetric());
        publish(topic("NBIRTH", null), nb.createPayload());
        long alias = 10;
        for (String d : devices) {
            SparkplugBPayload.SparkplugBPayloadBuilder db = payload(next());
            PropertySet units = new PropertySet.PropertySetBuilder().addProperty("engUnit",
                    new PropertyValue(PropertyDataType.String, "degC")).createPropertySet();
            PropertySet writable = new PropertySet.PropertySetBuilder().addProperty("writable",
                    new PropertyValue(PropertyDataType.Boolean, true)).createPropertySet();
            db.addMetric(new Metric.MetricBuilder("Temperature", MetricDataType.Double, 21.5).alias(alias++)
                    .properties(units).createMetric());
            db.addMetric(new Metric.MetricBuilder("Config/Speed", MetricDataType.Int32, 1500).alias(alias++)
                    .properties(writable).createMetric());
            db.addMetric(new Metric.MetricBuilder("Serial", MetricDataType.String, "SN-" + d).alias(alias++)
                    .createMetric());
            db.addMetric(new Metric.MetricBuilder("Running", MetricDataType.Boolean, true).alias(alias++)
                    .properties(writable).createMetric());
            publish(topic("DBIRTH", d), db.createPayload());
        }
    }

    /** DDATA of one metric by its alias (10 + 4 × device index + metric index, in the DBIRTH's order). */
    public synchronized void data(String device, long alias, MetricDataType type, Object value) throws Exception {
        publish(topic("DDATA", device), payload(next()).addMetric(new Metric.MetricBuilder(alias, type, value)
                .createMetric()).createPayload());
    }

    /** Loses a message: the next one's seq is one further than the host expects. */
    public synchronized void skipSeq() {
        next();
    }

    /** Drops the connection without DISCONNECT: the broker delivers the will (NDEATH). */
    public synchronized void kill() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close();
    }

    public BlockingQueue<Command> commands() {
        return commands;
    }

    public int rebirthsAsked() {
        return rebirthsAsked.get();
    }

    private long next() {
        seq = (seq + 1) % 256;
        return seq;
    }

    private Metric bdSeqMetric() throws Exception {
        return new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, bdSeq).createMetric();
    }

    private static SparkplugBPayload.SparkplugBPayloadBuilder payload(Long seq) {
        SparkplugBPayload.SparkplugBPayloadBuilder b = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .setTimestamp(new Date());
        return seq == null ? b : b.setSeq(seq);
    }

    private String topic(String type, String device) {
        return NS + "/" + group + "/" + type + "/" + node + (device == null ? "" : "/" + device);
    }

    private byte[] bytes(SparkplugBPayload p) throws Exception {
        return encoder.getBytes(p, false);
    }

    private void publish(String topic, SparkplugBPayload p) throws Exception {
        MqttMessage m = new MqttMessage(bytes(p));
        m.setQos(0);
        IMqttToken t = client.publish(topic, m);
        t.waitForCompletion(5000);
    }

    private final class Commands extends MqttCallbackAdapter {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            SparkplugBPayload p = new SparkplugBPayloadDecoder().buildFromByteArray(message.getPayload(), null);
            commands.add(new Command(topic, new ArrayList<>(p.getMetrics())));
            boolean rebirth = p.getMetrics().stream().anyMatch(m -> "Node Control/Rebirth".equals(m.getName())
                    && Boolean.TRUE.equals(m.getValue()));
            if (rebirth) {
                rebirthsAsked.incrementAndGet();
                new Thread(() -> {
                    try {
                        births();
                    } catch (Exception e) {
                        // the test sees no rebirth
                    }
                }).start();
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (client != null && client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            if (client != null) {
                client.close();
            }
        } catch (MqttException e) {
            // the test is over
        }
    }
}
