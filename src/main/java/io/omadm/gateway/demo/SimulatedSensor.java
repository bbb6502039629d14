package io.omadm.gateway.demo;

import io.omadm.gateway.adaptation.mqtt.MqttCallbackAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * An MQTT 5 temperature sensor of the {@code mqtt-demo} type (adapters/profiles/mqtt-demo.yaml): it announces itself
 * on {@code gwmo/announce/<devId>} (retained), says {@code online} on {@code gwmo/presence/<devId>} with
 * {@code offline} as its last will, publishes its temperature retained on {@code plant/<devId>/temperature}, and
 * answers requests on {@code plant/<devId>/setpoint/get|set} and {@code plant/<devId>/calibrate/exec} on the
 * request's response topic with its correlation data.
 */
public final class SimulatedSensor extends MqttCallbackAdapter implements AutoCloseable {

    private final String devId;
    private final MqttClient client;
    private final AtomicReference<String> setPoint = new AtomicReference<>("50");
    /** The SHA-256 of the last firmware image installed. */
    private final AtomicReference<String> firmware = new AtomicReference<>("factory");
    private final AtomicInteger calibrations = new AtomicInteger();
    private final int maxReconnectSeconds;
    private volatile double temperature;

    public SimulatedSensor(String brokerUrl, String devId, double temperature) throws MqttException {
        this(brokerUrl, devId, temperature, 10);
    }

    /** @param maxReconnectSeconds the longest wait between two attempts to reach the broker again */
    public SimulatedSensor(String brokerUrl, String devId, double temperature, int maxReconnectSeconds)
            throws MqttException {
        this.devId = devId;
        this.temperature = temperature;
        this.maxReconnectSeconds = maxReconnectSeconds;
        this.client = new MqttClient(brokerUrl, devId, new MemoryPersistence());
        client.setCallback(this);
    }

    public void start() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, maxReconnectSeconds);
        MqttMessage will = new MqttMessage(bytes("offline"));
        will.setRetained(true);
        o.setWill("gwmo/presence/" + devId, will);
        client.connect(o);
    }

    public String setPoint() {
        return setPoint.get();
    }

    public int calibrations() {
        return calibrations.get();
    }

    /** A new reading, published retained as the device would. */
    public void temperature(double celsius) throws MqttException {
        temperature = celsius;
        publishRetained("plant/" + devId + "/temperature", String.format(Locale.ROOT, "%.1f", celsius));
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        try {
            client.subscribe("plant/" + devId + "/+/+", 1);
            publishRetained("gwmo/announce/" + devId, "{\"devId\":\"" + devId
                    + "\",\"man\":\"Demo\",\"model\":\"MQTT-TH\",\"fwV\":\"1.0\",\"profile\":\"mqtt-demo\","
                    + "\"address\":\"plant/" + devId + "\"}");
            publishRetained("gwmo/presence/" + devId, "online");
            temperature(temperature);
        } catch (MqttException e) {
            throw new IllegalStateException(devId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage request) throws Exception {
        MqttProperties in = request.getProperties();
        if (in == null || in.getResponseTopic() == null) {
            return; // not a request
        }
        String value = new String(request.getPayload(), StandardCharsets.UTF_8);
        String base = "plant/" + devId + "/";
        String answer;
        if (topic.equals(base + "setpoint/get")) {
            answer = setPoint.get();
        } else if (topic.equals(base + "setpoint/set")) {
            setPoint.set(value.trim());
            answer = "";
        } else if (topic.equals(base + "calibrate/exec")) {
            answer = Integer.toString(calibrations.incrementAndGet());
        } else if (topic.equals(base + "firmware/exec")) {
            answer = update(value.trim());
        } else if (topic.equals(base + "firmware/get")) {
            answer = firmware.get();
        } else {
            answer = null;
        }
        MqttMessage reply = new MqttMessage(bytes(answer == null ? "no such point" : answer));
        MqttProperties out = new MqttProperties();
        out.setCorrelationData(in.getCorrelationData());
        if (answer == null) {
            out.setUserProperties(List.of(new UserProperty("dm-status", "404")));
        } else if (answer.startsWith("failed:")) {
            out.setUserProperties(List.of(new UserProperty("dm-status", "500")));
        }
        reply.setProperties(out);
        client.publish(in.getResponseTopic(), reply);
    }

    /** A firmware update: fetches the image at the URL (from the gateway, B.8); its hash is the new firmware. */
    private String update(String url) {
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                return "failed: HTTP " + r.statusCode();
            }
            firmware.set(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())));
            return "";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private void publishRetained(String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(bytes(payload));
        m.setRetained(true);
        client.publish(topic, m);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            publishRetained("gwmo/presence/" + devId, "offline");
            client.disconnect();
        }
        client.close();
    }
}
