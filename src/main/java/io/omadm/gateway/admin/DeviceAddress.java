package io.omadm.gateway.admin;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import java.util.Optional;

/**
 * The {@code {d}} of every {@code /api/v1/devices/{d}/...}: the device's node name under ./GwMO/DevInventory (what
 * its Location header gives) or its DevId, whichever the caller has. The two differ only for a DevId with '/', '?'
 * or '%' in it ({@link io.omadm.gateway.inventory.NodeNames}); should one device's node name be another's DevId, the
 * node name wins, as the Location header names it.
 */
final class DeviceAddress {

    private DeviceAddress() {
    }

    static Optional<DeviceRecord> find(Inventory inventory, String d) {
        return inventory.store().findByNodeName(d).or(() -> inventory.find(d));
    }
}
