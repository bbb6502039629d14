package io.omadm.gateway.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Devices that announce themselves over MQTT (HLF-003 by the device itself, DI-003 presence). The convention
 * (provisional, see README):
 * <ul>
 *   <li>{@code gwmo/announce/<anything>}: a JSON object with the device's facts,
 *       {@code {"devId": "...", "man": "...", "model": "...", "fwV": "...", "address": "...", "profile": "..."}};
 *       an unknown device becomes a new adaptation-mode record (a device without devId gets a local one from its
 *       address, or from the topic).</li>
 *   <li>{@code gwmo/presence/<devId>}: {@code online} (the birth message) or {@code offline} (the last will).</li>
 * </ul>
 * Bad messages are logged with the topic and dropped; they never reach the inventory.
 */
public final class Announcements {

    private static final Logger LOG = Logger.getLogger(Announcements.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PRESENCE_PREFIX = "gwmo/presence/";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Announce(String devId, String man, String model, String fwV, String address, String profile, String mode) {
    }

    private final Inventory inventory;

    public Announcements(Inventory inventory) {
        this.inventory = inventory;
    }

    /** @return the DevId registered, or null when the message was refused */
    public String announce(String topic, byte[] payload) {
        Announce a;
        try {
            a = JSON.readValue(payload, Announce.class);
        } catch (IOException e) {
            LOG.warning("MQTT announce on " + topic + " ignored: not a JSON object ("
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
            return null;
        }
        if (a == null) {
            LOG.warning("MQTT announce on " + topic + " ignored: empty");
            return null;
        }
        Mode mode = a.mode() == null ? Mode.ADAPTATION : Mode.parse(a.mode()).orElse(null);
        if (mode == null) {
            LOG.warning("MQTT announce on " + topic + " ignored: mode '" + a.mode() + "' is not transparent, proxy"
                    + " or adaptation");
            return null;
        }
        Inventory.Registered r = inventory.register(new Registration(a.devId(), a.man(), a.model(), a.fwV(), mode,
                "mqtt", a.address() != null ? a.address() : topic, null, a.profile(), Set.of(), null, null));
        inventory.seen(r.device().devId());
        return r.device().devId();
    }

    /** A birth ({@code online}) or last-will ({@code offline}) message on gwmo/presence/&lt;devId&gt;. */
    public void presence(String topic, byte[] payload) {
        if (topic == null || !topic.startsWith(PRESENCE_PREFIX) || topic.length() == PRESENCE_PREFIX.length()) {
            LOG.warning("MQTT presence on " + topic + " ignored: the topic names no device");
            return;
        }
        String devId = topic.substring(PRESENCE_PREFIX.length());
        String state = new String(payload, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
        switch (state) {
            case "online" -> {
                if (inventory.seen(devId).isEmpty()) {
                    LOG.warning("MQTT presence of unknown device " + devId + " ignored; it must announce itself");
                }
            }
            case "offline" -> inventory.gone(devId);
            default -> LOG.warning("MQTT presence of " + devId + " ignored: '" + state + "' is not online/offline");
        }
    }
}
