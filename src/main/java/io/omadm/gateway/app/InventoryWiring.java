package io.omadm.gateway.app;

import io.omadm.gateway.gwmo.GwConfig;
import io.omadm.gateway.gwmo.InventoryAlerts;
import io.omadm.gateway.inventory.Announcements;
import io.omadm.gateway.inventory.DeviceStore;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.inventory.PresenceHistory;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.SecretSealer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The device inventory, its presence clock and the DeviceInventoryUpdate alerts that report its changes. */
@Singleton
public class InventoryWiring {

    @Produces
    @Singleton
    DeviceStore deviceStore(Database database, SecretSealer sealer) {
        return new JdbcDeviceStore(database.dataSource(), sealer);
    }

    @Produces
    @Singleton
    @Named("inventory")
    Inventory inventory(GatewayConfig config, DeviceStore devices, GwConfig gwConfig,
            @Named("inventoryAlerts") InventoryAlerts alerts) {
        Inventory inventory = new Inventory(devices, Clock.systemUTC(), config.inventory().liveness(),
                gwConfig::defaultMode);
        inventory.subscribe(alerts);
        return inventory;
    }

    /** When each device came and went, from the inventory's events (written each second by routes/inventory.yaml). */
    @Produces
    @Singleton
    @Startup // from the start: the first registrations are history too
    @Named("presenceHistory")
    PresenceHistory presenceHistory(GatewayConfig config, Database database, Inventory inventory) {
        PresenceHistory history = new PresenceHistory(database.dataSource(), config.inventory().presenceRetention(),
                Clock.systemUTC());
        inventory.subscribe(history);
        return history;
    }

    @Produces
    @Singleton
    @Named("inventoryAlerts")
    InventoryAlerts inventoryAlerts(AlertQueue alerts, GwConfig gwConfig) {
        return new InventoryAlerts(alerts, gwConfig::newDeviceAlert, gwConfig::presenceAlert);
    }

    @Produces
    @Singleton
    @Named("announcements")
    Announcements announcements(Inventory inventory) {
        return new Announcements(inventory);
    }
}
