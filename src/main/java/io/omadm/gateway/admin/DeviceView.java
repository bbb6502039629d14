package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A device as the operator API shows it: every fact, never the credentials. */
public record DeviceView(String devId, String nodeName, boolean localId, String man, String model, String fwV,
        String mode, String protocol, String status, String address, String publicAddress, Instant lastSeen,
        Set<String> serverIds, List<String> groups, String profile) {

    static DeviceView of(DeviceRecord d, List<String> groups) {
        return new DeviceView(d.devId(), d.nodeName(), d.localId(), d.man(), d.model(), d.fwV(), d.mode().value(),
                d.protocol(), d.status().value(), d.address(), d.publicAddress(), d.lastSeen(), d.serverIds(), groups,
                d.profile());
    }
}
