package io.omadm.gateway.adaptation.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import io.omadm.gateway.adaptation.AddressOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A point's address on the mqtt protocol (docs/adapters/mqtt.md): a topic without wildcards, then options.
 * <ul>
 *   <li>{@code <topic>} alone: MQTT 5 request/response on {@code <topic>/<get|set|exec|add|delete>}, answered on the
 *       response topic with the correlation data (the {@code dm-status} user property when not 200);</li>
 *   <li>{@code <topic>#state}, or {@code <topic>?max-age=30s}: the value is what the device publishes on the topic
 *       (retained or telemetry), kept as it arrives; a Get answers it while it is no older than max-age (none for
 *       {@code #state}: the last one), else waits for the next until the command's time is up;</li>
 *   <li>{@code <topic>?reply=<topic>}: request/reply as MQTT 3.1.1 devices do it: the request is published on the
 *       topic itself, the answer comes on the reply topic; {@code correlation=<JSON pointer>} names the field of the
 *       answer that echoes the request's id ({@code ${requestId}} in the point's payload), else the answers on the
 *       reply topic are taken in turn, one request at a time.</li>
 * </ul>
 * And for any of them: {@code broker=<name>} (gateway.mqtt.brokers.&lt;name&gt;; default the default broker),
 * {@code qos=0|1|2} (default 1), {@code success=<JSON pointer>} and {@code success-value=<text>} (default
 * {@code true}): the answer says the command failed unless that field holds that value.
 */
record MqttAddress(String topic, String broker, int qos, Duration maxAge, String reply, String correlation,
        String success, String successValue) {

    static final String STATE = "#state";
    private static final Set<String> OPTIONS = Set.of("broker", "qos", "max-age", "reply", "correlation", "success",
            "success-value");

    enum Kind { REQUEST_RESPONSE, PUBLISHED_VALUE, REQUEST_REPLY }

    Kind kind() {
        if (reply != null) {
            return Kind.REQUEST_REPLY;
        }
        return maxAge != null ? Kind.PUBLISHED_VALUE : Kind.REQUEST_RESPONSE;
    }

    /** The address parsed; IllegalArgumentException saying what is wrong with it. */
    static MqttAddress parse(String address) {
        AddressOptions a = AddressOptions.parse(address);
        String topic = a.base();
        boolean state = topic.endsWith(STATE);
        if (state) {
            topic = topic.substring(0, topic.length() - STATE.length());
        }
        requireTopic(topic, address);
        for (String option : a.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("'" + option + "' in '" + address + "' is not an option of an MQTT"
                        + " address: " + String.join(", ", OPTIONS.stream().sorted().toList()));
            }
        }
        Map<String, String> o = a.options();
        Duration maxAge = o.containsKey("max-age") ? AddressOptions.duration("max-age", o.get("max-age"))
                : state ? Duration.ofMillis(Long.MAX_VALUE) : null;
        String reply = o.get("reply");
        if (reply != null) {
            requireTopic(reply, address);
            if (maxAge != null) {
                throw new IllegalArgumentException("'" + address + "' has both a reply topic and a published value"
                        + " (#state or max-age): a point is one or the other");
            }
        }
        if (o.containsKey("correlation") && reply == null) {
            throw new IllegalArgumentException("correlation in '" + address + "' needs a reply topic (reply=...)");
        }
        pointer("correlation", o.get("correlation"), address);
        pointer("success", o.get("success"), address);
        return new MqttAddress(topic, o.getOrDefault("broker", BrokerSettings.DEFAULT), qos(o.get("qos"), address),
                maxAge, reply, o.get("correlation"), o.get("success"), o.getOrDefault("success-value", "true"));
    }

    private static void requireTopic(String topic, String address) {
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.contains("\u0000")) {
            throw new IllegalArgumentException("'" + topic + "' in '" + address + "' is not an MQTT topic without"
                    + " wildcards");
        }
    }

    private static void pointer(String option, String value, String address) {
        if (value == null) {
            return;
        }
        try {
            JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + value + "' in '" + address + "' is not a JSON Pointer"
                    + " (/field/sub/0)");
        }
    }

    private static int qos(String value, String address) {
        if (value == null) {
            return 1;
        }
        if (!value.matches("[012]")) {
            throw new IllegalArgumentException("qos '" + value + "' in '" + address + "' is not 0, 1 or 2");
        }
        return Integer.parseInt(value);
    }

    /** What is wrong with an address, or empty. */
    static Optional<String> problem(String address) {
        return AddressOptions.problem(address, MqttAddress::parse);
    }
}
