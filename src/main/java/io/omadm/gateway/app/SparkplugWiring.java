package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.adaptation.camel.AdapterBean;
import io.omadm.gateway.adaptation.mqtt.BrokerSettings;
import io.omadm.gateway.adaptation.sparkplug.Birth;
import io.omadm.gateway.adaptation.sparkplug.FactMetrics;
import io.omadm.gateway.adaptation.sparkplug.SparkplugAdapter;
import io.omadm.gateway.adaptation.sparkplug.SparkplugHost;
import io.omadm.gateway.adaptation.sparkplug.SparkplugProfiles;
import io.omadm.gateway.adaptation.sparkplug.SparkplugSettings;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.camel.quarkus.main.events.AfterStart;

/**
 * The Sparkplug B host application (gateway.sparkplug.*): on the site broker it names, it registers the edge nodes
 * and devices it hears being born as adaptation-mode devices of protocol {@code sparkplug}, each with the tree its
 * birth declares (profile {@code sparkplug:<DevId>}), and detaches them when they die. The adapter route
 * adapters/sparkplug.yaml carries DM commands to their metrics.
 */
@Singleton
public class SparkplugWiring {

    @Produces
    @Singleton
    SparkplugHost sparkplugHost(GatewayConfig config, Inventory inventory,
            @Named("profiles") ProfileRegistry profiles) {
        SparkplugConfig c = config.sparkplug();
        BrokerSettings broker = AdaptationWiring.mqttBrokers(config).stream()
                .filter(b -> b.name().equals(c.broker())).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "gateway.sparkplug.broker: no MQTT broker is named '" + c.broker() + "'"));
        SparkplugSettings settings = new SparkplugSettings(c.reorderTimeout(), c.writableByDefault(),
                new FactMetrics(c.manMetric(), c.modelMetric(), c.fwVersionMetric()),
                AdaptationWiring.reconnect(config));
        SparkplugHost host = new SparkplugHost(broker, c.hostId(), c.groups().orElse(List.of()), settings,
                new SparkplugHost.Registry() {
                    @Override
                    public void born(List<Birth> births) {
                        // one write for all; a rebirth that changes nothing (after a broker restart) writes nothing
                        inventory.registerLive(births.stream().map(b -> new Registration(b.devId(), b.man(),
                                b.model(), b.fwV(), Mode.ADAPTATION, "sparkplug", b.address(), null,
                                SparkplugProfiles.nameOf(b.devId()), Set.of(), null, null)).toList());
                    }

                    @Override
                    public void died(String devId) {
                        inventory.gone(devId);
                    }

                    @Override
                    public void alive(String devId) {
                        inventory.alive(devId);
                    }
                }, Clock.systemUTC());
        profiles.generatedBy(host.profiles()::profile);
        return host;
    }

    @Produces
    @Singleton
    SparkplugAdapter sparkplugAdapter(SparkplugHost host) {
        return new SparkplugAdapter(host, Clock.systemUTC());
    }

    @Produces
    @Singleton
    @Named("sparkplugAdapter")
    AdapterBean sparkplugBean(SparkplugAdapter a) {
        return new AdapterBean(a);
    }

    /** The host connects once the gateway's routes run, when enabled. */
    void start(@Observes AfterStart started, GatewayConfig config, SparkplugHost host) {
        if (config.sparkplug().enabled()) {
            host.start();
        }
    }

    void close(@Disposes SparkplugHost host) {
        host.close();
    }
}
