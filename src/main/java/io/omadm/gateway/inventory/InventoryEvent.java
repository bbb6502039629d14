package io.omadm.gateway.inventory;

import java.time.Instant;
import java.util.Locale;

/** A change in the inventory, for whoever subscribed (alerts, fanout, metrics). */
public record InventoryEvent(Change change, DeviceRecord device, Instant at) {

    public enum Change {
        REGISTERED, ATTACHED, DETACHED, MODE_CHANGED, REMOVED;

        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
