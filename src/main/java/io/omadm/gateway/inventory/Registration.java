package io.omadm.gateway.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a device, the DM server or an operator says about a device being added or announcing itself (HLF-003, B.6).
 * {@code devId} null: the device has no identifier of its own. {@code mode} null: the gateway's DefaultMode.
 */
public record Registration(String devId, String man, String model, String fwV, Mode mode, String protocol,
        String address, String publicAddress, String profile, Set<String> serverIds, String authName,
        String authSecret) {

    public Registration {
        serverIds = serverIds == null ? Set.of() : Set.copyOf(serverIds);
    }

    /** The longest value the inventory stores, by field (V2__inventory.sql). */
    public static final Map<String, Integer> LIMITS = limits();

    private static Map<String, Integer> limits() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("devId", 255);
        m.put("man", 255);
        m.put("model", 255);
        m.put("fwV", 255);
        m.put("protocol", 64);
        m.put("address", 1024);
        m.put("publicAddress", 1024);
        m.put("profile", 255);
        m.put("authName", 255);
        m.put("authSecret", 512);
        return Map.copyOf(m);
    }

    /**
     * The first field longer than the inventory stores, as "field: N characters, at most M"; empty when all fit. A
     * device or client that sends one is refused before anything reaches the database.
     */
    public Optional<String> tooLong() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("devId", devId);
        values.put("man", man);
        values.put("model", model);
        values.put("fwV", fwV);
        values.put("protocol", protocol);
        values.put("address", address);
        values.put("publicAddress", publicAddress);
        values.put("profile", profile);
        values.put("authName", authName);
        values.put("authSecret", authSecret);
        for (Map.Entry<String, String> e : values.entrySet()) {
            int max = LIMITS.get(e.getKey());
            if (e.getValue() != null && e.getValue().length() > max) {
                return Optional.of(e.getKey() + ": " + e.getValue().length() + " characters, at most " + max);
            }
        }
        return Optional.empty();
    }

    public static Registration of(String devId, Mode mode, String protocol, String address) {
        return new Registration(devId, null, null, null, mode, protocol, address, null, null, Set.of(), null, null);
    }
}
