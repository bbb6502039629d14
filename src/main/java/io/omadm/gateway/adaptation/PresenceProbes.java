package io.omadm.gateway.adaptation;

import io.omadm.gateway.inventory.DeviceFilter;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import java.util.HashMap;
import java.util.Map;

/**
 * Presence of adaptation-mode devices between commands (GwMO-DI-003): every probe interval (the inventory-probes
 * route), each device on a connection-keeping protocol is attached when its adapter reaches it and detached when it
 * does not. One probe per address and round, however many devices share it (a gateway in front of several slaves).
 */
public final class PresenceProbes {

    private static final int PAGE = 500;

    private final Inventory inventory;
    private final ProfileRegistry profiles;
    private final Map<String, ConnectionProbe> byProtocol;

    /** @param byProtocol the adapters that keep connections, by the protocol they serve */
    public PresenceProbes(Inventory inventory, ProfileRegistry profiles, Map<String, ConnectionProbe> byProtocol) {
        this.inventory = inventory;
        this.profiles = profiles;
        this.byProtocol = Map.copyOf(byProtocol);
    }

    /** One round; returns how many devices were probed. */
    public int probe() {
        Map<String, Boolean> reachable = new HashMap<>();
        DeviceFilter adaptation = new DeviceFilter(null, Mode.ADAPTATION, null, null);
        int[] probed = {0};
        inventory.store().forEachMatching(adaptation, PAGE, d -> {
            ConnectionProbe probe = d.protocol() == null ? null : byProtocol.get(d.protocol());
            if (probe == null || d.address() == null || d.address().isBlank()) {
                return;
            }
            probed[0]++;
            String address = probeAddress(d);
            if (reachable.computeIfAbsent(d.protocol() + " " + address, k -> probe.reachable(address))) {
                inventory.alive(d.devId());
            } else {
                inventory.gone(d.devId());
            }
        });
        return probed[0];
    }

    /** A point Get may read, as the device's profile maps it; the device's own address without one. */
    private String probeAddress(DeviceRecord d) {
        return profiles.profile(d.profile()).flatMap(p -> p.points().values().stream()
                        .filter(pt -> pt.commands().contains("Get")).findFirst())
                .map(pt -> pt.addressFor(d.devId(), d.address()))
                .orElse(d.address());
    }
}
