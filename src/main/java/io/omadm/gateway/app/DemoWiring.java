package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.PresenceProbes;
import io.omadm.gateway.demo.DemoSite;
import io.omadm.gateway.inventory.Inventory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The demo site ({@code scripts/run --demo}, Quarkus profile {@code demo}, gateway.demo.enabled): its simulated
 * equipment starts before the gateway's routes need it, and stops with the gateway.
 */
@Singleton
public class DemoWiring {

    private DemoSite site;

    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent e,
            GatewayConfig config, Inventory inventory, Vertx vertx,
            @Named("presenceProbes") PresenceProbes probes) throws Exception {
        GatewayConfig.Demo demo = config.demo();
        if (!demo.enabled()) {
            return;
        }
        site = new DemoSite(new DemoSite.Ports(demo.mqttPort(), demo.modbusPort(), demo.opcuaPort(),
                config.mqtt().url().orElse("")), inventory, vertx, probes::probe);
        site.start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (site != null) {
            site.stop();
        }
    }
}
