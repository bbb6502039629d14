package io.omadm.gateway.inventory;

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

    public static Registration of(String devId, Mode mode, String protocol, String address) {
        return new Registration(devId, null, null, null, mode, protocol, address, null, null, Set.of(), null, null);
    }
}
