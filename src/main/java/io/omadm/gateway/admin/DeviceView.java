package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A device as the operator API shows it: every fact, never the credentials. {@code authLockedSeconds}: how long a
 * proxy-mode device stays refused after too many wrong credentials (null when it is not).
 */
public record DeviceView(String devId, String nodeName, boolean localId, String man, String model, String fwV,
        String mode, String protocol, String status, String address, String publicAddress, Instant lastSeen,
        Set<String> serverIds, List<String> groups, String profile, Long authLockedSeconds) {

    static DeviceView of(DeviceRecord d, List<String> groups, Optional<Duration> authLocked) {
        return new DeviceView(d.devId(), d.nodeName(), d.localId(), d.man(), d.model(), d.fwV(), d.mode().value(),
                d.protocol(), d.status().value(), d.address(), d.publicAddress(), d.lastSeen(), d.serverIds(), groups,
                d.profile(), authLocked.map(t -> Math.max(1, t.toSeconds())).orElse(null));
    }
}
