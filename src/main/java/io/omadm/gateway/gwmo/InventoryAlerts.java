package io.omadm.gateway.gwmo;

import io.omadm.gateway.inventory.InventoryEvent;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.GenericAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns inventory events into DeviceInventoryUpdate Generic Alerts (GwMO-DI-004/005) through the durable queue:
 * new and removed devices while ./GwMO/GwConfig/NewDeviceAlert is true, attach/detach and mode changes only when
 * PresenceAlert is true as well. Events are collected and {@link #flush()}ed as one alert with one item per device
 * change, so a burst is one alert.
 */
public final class InventoryAlerts implements Consumer<InventoryEvent> {

    private final AlertQueue queue;
    private final BooleanSupplier newDeviceAlert;
    private final BooleanSupplier presenceAlert;
    private final List<InventoryEvent> pending = new ArrayList<>();

    public InventoryAlerts(AlertQueue queue, BooleanSupplier newDeviceAlert, BooleanSupplier presenceAlert) {
        this.queue = queue;
        this.newDeviceAlert = newDeviceAlert;
        this.presenceAlert = presenceAlert;
    }

    @Override
    public synchronized void accept(InventoryEvent e) {
        if (!newDeviceAlert.getAsBoolean()) {
            return;
        }
        boolean presence = e.change() == InventoryEvent.Change.ATTACHED
                || e.change() == InventoryEvent.Change.DETACHED || e.change() == InventoryEvent.Change.MODE_CHANGED;
        if (presence && !presenceAlert.getAsBoolean()) {
            return;
        }
        pending.add(e);
    }

    /** Queues what was collected as one alert; returns how many changes it carries. */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<GenericAlert.Entry> items = new ArrayList<>();
        for (InventoryEvent e : pending) {
            items.add(new GenericAlert.Entry(GwmoNames.DEV_INVENTORY + "/" + e.device().nodeName(),
                    GwmoNames.ALERT_DEVICE_INVENTORY_UPDATE, "chr",
                    e.change() == InventoryEvent.Change.DETACHED ? "warning" : null, e.change().value()));
        }
        int n = pending.size();
        pending.clear();
        queue.enqueue(new GenericAlert(null, items));
        return n;
    }

    public synchronized int pending() {
        return pending.size();
    }
}
