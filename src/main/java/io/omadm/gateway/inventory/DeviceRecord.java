package io.omadm.gateway.inventory;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateway knows about one device behind it (GwMO-DI-001, DESIGN §3.3). {@code nodeName} is how the tree and
 * the REST API name it ({@link NodeNames}); {@code localId} says the gateway made up the DevId because the device
 * has none of its own. The credentials are the gateway's towards the device (proxy mode) and are never shown
 * northbound.
 */
public record DeviceRecord(
        String devId,
        String nodeName,
        boolean localId,
        String man,
        String model,
        String fwV,
        Mode mode,
        String protocol,
        Presence status,
        String address,
        String publicAddress,
        Instant lastSeen,
        Set<String> serverIds,
        String profile,
        String authName,
        String authSecret) {

    public DeviceRecord {
        Objects.requireNonNull(devId, "devId");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        serverIds = Set.copyOf(serverIds);
    }

    /** A new, detached device with only its identity and mode. */
    public static DeviceRecord of(String devId, Mode mode) {
        return new DeviceRecord(devId, NodeNames.of(devId), false, null, null, null, mode, null, Presence.DETACHED,
                null, null, null, Set.of(), null, null, null);
    }

    public DeviceRecord withMode(Mode m) {
        return new DeviceRecord(devId, nodeName, localId, man, model, fwV, m, protocol, status, address,
                publicAddress, lastSeen, serverIds, profile, authName, authSecret);
    }

    public DeviceRecord withStatus(Presence p, Instant seen) {
        return new DeviceRecord(devId, nodeName, localId, man, model, fwV, mode, protocol, p, address, publicAddress,
                seen, serverIds, profile, authName, authSecret);
    }

    public DeviceRecord withFacts(String newMan, String newModel, String newFwV, String newProtocol, String newAddress,
            String newPublicAddress, String newProfile) {
        return new DeviceRecord(devId, nodeName, localId, or(newMan, man), or(newModel, model), or(newFwV, fwV), mode,
                or(newProtocol, protocol), status, or(newAddress, address), or(newPublicAddress, publicAddress),
                lastSeen, serverIds, or(newProfile, profile), authName, authSecret);
    }

    public DeviceRecord withCredentials(String name, String secret) {
        return new DeviceRecord(devId, nodeName, localId, man, model, fwV, mode, protocol, status, address,
                publicAddress, lastSeen, serverIds, profile, name, secret);
    }

    public DeviceRecord withServerIds(Set<String> ids) {
        return new DeviceRecord(devId, nodeName, localId, man, model, fwV, mode, protocol, status, address,
                publicAddress, lastSeen, ids, profile, authName, authSecret);
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
