package io.omadm.gateway.gwmo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.InventoryEvent;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.northbound.InMemoryAlertQueue;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InventoryAlertsTest {

    private final InMemoryAlertQueue queue = new InMemoryAlertQueue();
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final AtomicBoolean presence = new AtomicBoolean(false);
    private final InventoryAlerts alerts = new InventoryAlerts(queue, enabled::get, presence::get);

    private static InventoryEvent event(InventoryEvent.Change c, String devId) {
        return new InventoryEvent(c, DeviceRecord.of(devId, Mode.PROXY), Instant.now());
    }

    @Test
    void aBurstOfChangesIsOneAlertWithAnItemPerChange() {
        alerts.accept(event(InventoryEvent.Change.REGISTERED, "a"));
        alerts.accept(event(InventoryEvent.Change.REGISTERED, "b/c"));
        alerts.accept(event(InventoryEvent.Change.REMOVED, "d"));
        assertEquals(3, alerts.flush());
        assertEquals(0, alerts.flush());
        List<AlertQueue.Queued> q = queue.due(Instant.now(), 10);
        assertEquals(1, q.size());
        List<GenericAlert.Entry> items = q.get(0).alert().items();
        assertEquals(3, items.size());
        assertEquals("./GwMO/DevInventory/b%2Fc", items.get(1).sourceUri());
        assertEquals(GwmoNames.ALERT_DEVICE_INVENTORY_UPDATE, items.get(0).type());
        assertEquals("registered", items.get(0).data());
        assertEquals("removed", items.get(2).data());
    }

    @Test
    void nothingIsQueuedWhileNewDeviceAlertIsOff() {
        enabled.set(false);
        alerts.accept(event(InventoryEvent.Change.REGISTERED, "a"));
        assertEquals(0, alerts.flush());
        assertEquals(0, queue.size());
    }

    @Test
    void attachAndDetachAreReportedOnlyWhenPresenceAlertIsOn() {
        alerts.accept(event(InventoryEvent.Change.ATTACHED, "a"));
        assertEquals(0, alerts.pending());
        presence.set(true);
        alerts.accept(event(InventoryEvent.Change.DETACHED, "a"));
        assertEquals(1, alerts.flush());
        assertEquals("warning", queue.due(Instant.now(), 1).get(0).alert().items().get(0).mark());
    }
}
