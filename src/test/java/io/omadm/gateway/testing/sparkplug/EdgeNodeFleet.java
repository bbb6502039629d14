package io.omadm.gateway.testing.sparkplug;

import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import io.omadm.gateway.adaptation.mqtt.NoDelaySocketFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
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
 * Many Sparkplug B edge nodes at once, for scale tests and benchmarks (apart from the gateway's host: Tahu's
 * protobuf classes, its own sequence numbers). Each node has its own connection with its NDEATH will, and devices of
 * {@code metrics} metrics each: {@code Properties/Hardware Model} (a String, "FleetPLC"), {@code SetPoint} (Int32,
 * writable), then Double read-only values {@code Value/1}..; every metric has an alias (unique in its node). Data
 * messages carry every metric of a device but its model, by alias, encoded once beforehand (one payload per device
 * and seq value) so that publishing costs the fleet little of the CPU it shares with what it measures. Commands
 * received are counted; a Rebirth command is obeyed.
 */
public final class EdgeNodeFleet implements AutoCloseable {

    public static final String MODEL = "FleetPLC";

    private final String url;
    private final String group;
    private final int devices;
    private final int metrics;
    private final List<Node> nodes = new ArrayList<>();
    /** DDATA payloads: [device index * 256 + seq]. */
    private final byte[][] data;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong rebirths = new AtomicLong();

    public EdgeNodeFleet(String url, String group, int nodes, int devices, int metrics) {
        if (metrics < 3) {
            throw new IllegalArgumentException("a fleet device has at least 3 metrics");
        }
        this.url = url;
        this.group = group;
        this.devices = devices;
        this.metrics = metrics;
        for (int i = 0; i < nodes; i++) {
            this.nodes.add(new Node("node-" + i));
        }
        data = new byte[devices * 256][];
        for (int d = 0; d < devices; d++) {
            for (int seq = 0; seq < 256; seq++) {
                data[d * 256 + seq] = dataPayload(d, seq).toByteArray();
            }
        }
    }

    /** The DevId the gateway gives device {@code d} of node {@code n}. */
    public String devId(int n, int d) {
        return "spb:" + group + ":node-" + n + ":dev-" + d;
    }

    /**
     * Connects every node, each with its will, and publishes their births: ten nodes at a time, as a site's nodes come
     * up together (one after the other, the MQTT CONNECTs alone took 15 s of a 50-node test).
     */
    public void connect() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> connected = new ArrayList<>();
            for (Node n : nodes) {
                connected.add(pool.submit(() -> {
                    n.connect();
                    return null;
                }));
            }
            for (Future<?> f : connected) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Publishes {@code rounds} DDATA of every device of every node (all its metrics), nodes taking turns, on the
     * fleet's group or, for a comparison that the gateway does not hear, on {@code otherGroup} (no seq advanced).
     * Returns the messages published once the last of them is written.
     */
    public long publishData(int rounds, String otherGroup) throws Exception {
        long sent = 0;
        for (int r = 0; r < rounds; r++) {
            for (int d = 0; d < devices; d++) {
                for (Node n : nodes) {
                    n.data(d, otherGroup);
                    sent++;
                }
            }
        }
        for (Node n : nodes) {
            n.flush();
        }
        return sent;
    }

    /** DCMD and NCMD messages received by the fleet's nodes. */
    public long commandsReceived() {
        return commands.get();
    }

    public long rebirthsAsked() {
        return rebirths.get();
    }

    public int nodes() {
        return nodes.size();
    }

    /** The payload of a DCMD to a fleet device: its SetPoint (by name and alias), as a host would send it. */
    public byte[] setPointCommand(int d, int value) {
        return Payload.newBuilder().setTimestamp(System.currentTimeMillis()).addMetrics(Metric.newBuilder()
                .setName("SetPoint").setAlias(alias(d, 1)).setDatatype(DataType.Int32_VALUE).setIntValue(value))
                .build().toByteArray();
    }

    public String commandTopic(int n, int d) {
        return "spBv1.0/" + group + "/DCMD/node-" + n + "/dev-" + d;
    }

    private long alias(int d, int m) {
        return 10L + (long) d * metrics + m;
    }

    private Payload dataPayload(int d, int seq) {
        Payload.Builder p = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(seq);
        p.addMetrics(Metric.newBuilder().setAlias(alias(d, 1)).setDatatype(DataType.Int32_VALUE).setIntValue(seq));
        for (int m = 2; m < metrics; m++) {
            p.addMetrics(Metric.newBuilder().setAlias(alias(d, m)).setDatatype(DataType.Double_VALUE)
                    .setDoubleValue(seq + m / 10.0));
        }
        return p.build();
    }

    private Payload deviceBirth(int d, long seq) {
        PropertySet writable = PropertySet.newBuilder().addKeys("writable").addValues(PropertyValue.newBuilder()
                .setType(DataType.Boolean_VALUE).setBooleanValue(true)).build();
        Payload.Builder p = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(seq);
        p.addMetrics(Metric.newBuilder().setName("Properties/Hardware Model").setAlias(alias(d, 0))
                .setDatatype(DataType.String_VALUE).setStringValue(MODEL));
        p.addMetrics(Metric.newBuilder().setName("SetPoint").setAlias(alias(d, 1)).setDatatype(DataType.Int32_VALUE)
                .setIntValue(0).setProperties(writable));
        for (int m = 2; m < metrics; m++) {
            p.addMetrics(Metric.newBuilder().setName("Value/" + (m - 1)).setAlias(alias(d, m))
                    .setDatatype(DataType.Double_VALUE).setDoubleValue(0));
        }
        return p.build();
    }

    /** One edge node: its connection, bdSeq and seq. */
    private final class Node {
        private final String id;
        private MqttAsyncClient client;
        private long bdSeq = -1;
        private int seq;
        private IMqttToken last;
        private int unflushed;

        Node(String id) {
            this.id = id;
        }

        synchronized void connect() throws Exception {
            bdSeq = (bdSeq + 1) % 256;
            client = new MqttAsyncClient(url, "fleet-" + group + "-" + id, new MemoryPersistence());
            client.setCallback(new MqttCallbackAdapter() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    commands.incrementAndGet();
                    if (Payload.parseFrom(message.getPayload()).getMetricsList().stream().anyMatch(m ->
                            m.getName().equals("Node Control/Rebirth") && m.getBooleanValue())) {
                        rebirths.incrementAndGet();
                        new Thread(this::rebirth).start();
                    }
                }

                private void rebirth() {
                    try {
                        births();
                    } catch (Exception e) {
                        // the host sees no rebirth: what the test or benchmark checks fails
                    }
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSocketFactory(new NoDelaySocketFactory());
            MqttMessage will = new MqttMessage(Payload.newBuilder().setTimestamp(System.currentTimeMillis())
                    .addMetrics(bdSeq()).build().toByteArray());
            will.setQos(1);
            o.setWill(topic("NDEATH", null), will);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(new String[] {topic("NCMD", null), "spBv1.0/" + group + "/DCMD/" + id + "/+"},
                    new int[] {1, 1}).waitForCompletion(10_000);
            births();
        }

        synchronized void births() throws Exception {
            seq = 0;
            publish(topic("NBIRTH", null), Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(0)
                    .addMetrics(bdSeq()).addMetrics(Metric.newBuilder().setName("Node Control/Rebirth")
                            .setDatatype(DataType.Boolean_VALUE).setBooleanValue(false)).build().toByteArray());
            for (int d = 0; d < devices; d++) {
                seq = (seq + 1) % 256;
                publish(topic("DBIRTH", "dev-" + d), deviceBirth(d, seq).toByteArray());
            }
            flush();
        }

        synchronized void data(int d, String otherGroup) throws Exception {
            if (otherGroup == null) {
                seq = (seq + 1) % 256;
                publish(topic("DDATA", "dev-" + d), data[d * 256 + seq]);
            } else {
                publish("spBv1.0/" + otherGroup + "/DDATA/" + id + "/dev-" + d, data[d * 256]);
            }
        }

        /** QoS 0 as edge nodes publish data; every few hundred, the client's queue is let drain. */
        private void publish(String topic, byte[] payload) throws MqttException {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(0);
            last = client.publish(topic, m);
            if (++unflushed == 500) {
                flush();
            }
        }

        synchronized void flush() throws MqttException {
            if (last != null) {
                last.waitForCompletion(60_000);
            }
            unflushed = 0;
        }

        private Metric.Builder bdSeq() {
            return Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(bdSeq);
        }

        private String topic(String type, String device) {
            return "spBv1.0/" + group + "/" + type + "/" + id + (device == null ? "" : "/" + device);
        }

        synchronized void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close();
            } catch (MqttException e) {
                // the run is over
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }
}
