package io.omadm.gateway.inventory;

import java.util.Map;
import java.util.Objects;

/**
 * A group of devices (GwMO-Group-001): {@code name} is its node name under ./GwMO/Groups, {@code displayName} its
 * Name leaf, {@code members} maps each member's node name under Members to the DevId it names.
 */
public record DeviceGroup(String name, String displayName, Map<String, String> members) {
    public DeviceGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        members = Map.copyOf(members);
    }
}
