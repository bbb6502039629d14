package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.AddressSyntax;
import io.omadm.gateway.adaptation.ConnectionProbe;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.adaptation.FileOutcomes;
import io.omadm.gateway.adaptation.PresenceProbes;
import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.camel.AdapterBean;
import io.omadm.gateway.adaptation.camel.AdapterRoutes;
import io.omadm.gateway.adaptation.camel.CamelAdapterTransport;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.modbus.ModbusAdapter;
import io.omadm.gateway.adaptation.mqtt.BrokerSettings;
import io.omadm.gateway.adaptation.mqtt.MqttAdapter;
import io.omadm.gateway.adaptation.sparkplug.SparkplugAdapter;
import io.omadm.gateway.adaptation.opcua.OpcUaAdapter;
import io.omadm.gateway.adaptation.opcua.OpcUaSecurity;
import io.omadm.gateway.adaptation.sim.SimulatedDevices;
import io.omadm.gateway.inventory.Inventory;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * Adaptation mode (DESIGN §3.4): the device profiles, the protocol adapters and the Camel beans the adapter routes
 * call them by ({@code modbusAdapter}, ...), the transport that sends commands to those routes, the dispatcher, the
 * presence probes, and the loader of the integrators' adapter routes.
 */
@Singleton
public class AdaptationWiring {

    @Produces
    @Singleton
    @Named("profiles")
    ProfileRegistry profiles(GatewayConfig config, FileOutcomes outcomes) {
        ProfileRegistry profiles = new ProfileRegistry(profilesDir(config), outcomes);
        profiles.reload();
        return profiles;
    }

    /** What became of each adapter route file and profile file (the console's adapters page). */
    @Produces
    @Singleton
    FileOutcomes fileOutcomes() {
        return new FileOutcomes(Clock.systemUTC());
    }

    static Path profilesDir(GatewayConfig config) {
        return Path.of(config.adapters().dir(), "profiles");
    }

    /** A protocol adapter gives up before the dispatcher does, so a lost device is reported as such. */
    private static Duration adapterTimeout(GatewayConfig config) {
        return config.adapters().timeout().multipliedBy(4).dividedBy(5);
    }

    static ReconnectPolicy reconnect(GatewayConfig config) {
        GatewayConfig.Adapters.Reconnect r = config.adapters().reconnect();
        return new ReconnectPolicy(r.initialDelay(), r.multiplier(), r.maxDelay());
    }

    private static DevicePresence presence(Inventory inventory) {
        return new DevicePresence() {
            @Override
            public void alive(String devId) {
                inventory.alive(devId);
            }

            @Override
            public void gone(String devId) {
                inventory.gone(devId);
            }
        };
    }

    /** The site's MQTT brokers as gateway.mqtt.* describe them: the default one first, then the named ones. */
    static List<BrokerSettings> mqttBrokers(GatewayConfig config) {
        List<BrokerSettings> all = new ArrayList<>();
        all.add(broker(BrokerSettings.DEFAULT, config.mqtt()));
        new TreeMap<>(config.mqtt().brokers()).forEach((name, b) -> {
            if (BrokerSettings.DEFAULT.equals(name) || b.url().filter(u -> !u.isBlank()).isEmpty()) {
                throw new IllegalArgumentException("gateway.mqtt.brokers." + name + (BrokerSettings.DEFAULT.equals(
                        name) ? ": 'default' is the name of gateway.mqtt.* itself" : ".url is required"));
            }
            all.add(broker(name, b));
        });
        return all;
    }

    private static BrokerSettings broker(String name, MqttBrokerConfig m) {
        return new BrokerSettings(name, m.url().orElse(""), m.version(), m.clientId().orElse(null),
                m.username().orElse(null), m.password().orElse(null), file(m.caFile()), file(m.clientCertFile()),
                file(m.clientKeyFile()), m.verifyHostName(), m.keepAlive(), m.cleanStart());
    }

    private static Path file(Optional<String> name) {
        return name.filter(f -> !f.isBlank()).map(Path::of).orElse(null);
    }

    @Produces
    @Singleton
    MqttAdapter mqttAdapter(GatewayConfig config, Inventory inventory) {
        return new MqttAdapter(mqttBrokers(config), adapterTimeout(config), reconnect(config), presence(inventory));
    }

    @Produces
    @Singleton
    ModbusAdapter modbusAdapter(GatewayConfig config, Inventory inventory) {
        return new ModbusAdapter(adapterTimeout(config), reconnect(config), presence(inventory));
    }

    /**
     * The opcua adapter's certificate, PKI folder and identities (gateway.opcua.*, under the data directory), made on
     * first use (a client proxy): loading Milo's PKI and BouncyCastle, a signed jar whose first class costs a
     * signature check, is a third of a second that a start without OPC UA machines need not pay (docs/benchmarks.md,
     * "Start"). The identities are checked at start all the same, by the adapter's producer.
     */
    @Produces
    @ApplicationScoped
    OpcUaSecurity opcUaSecurity(GatewayConfig config) {
        return OpcUaSecurity.open(Path.of(config.dataDir(), "opcua"), file(config.opcua().certificateFile()),
                file(config.opcua().keyFile()), opcUaIdentities(config));
    }

    private static Map<String, OpcUaSecurity.Identity> opcUaIdentities(GatewayConfig config) {
        Map<String, OpcUaSecurity.Identity> identities = new TreeMap<>();
        config.opcua().identities().forEach((name, i) -> {
            if (i.username().isEmpty() == i.certificateFile().isEmpty() || i.certificateFile().isPresent()
                    && i.keyFile().isEmpty()) {
                throw new IllegalArgumentException("gateway.opcua.identities." + name + ": a username (and password),"
                        + " or a certificate-file and key-file");
            }
            identities.put(name, new OpcUaSecurity.Identity(i.username().orElse(null), i.password().orElse(null),
                    file(i.certificateFile()), file(i.keyFile())));
        });
        return identities;
    }

    @Produces
    @Singleton
    OpcUaAdapter opcUaAdapter(GatewayConfig config, Inventory inventory, OpcUaSecurity security) {
        opcUaIdentities(config); // a misconfigured identity stops the start, though the security itself waits
        return new OpcUaAdapter(adapterTimeout(config), reconnect(config), presence(inventory), security);
    }

    @Produces
    @Singleton
    SimulatedDevices simulatedDevices() {
        return new SimulatedDevices();
    }

    void closeMqtt(@Disposes MqttAdapter a) {
        a.close();
    }

    void closeModbus(@Disposes ModbusAdapter a) {
        a.close();
    }

    void closeOpcUa(@Disposes OpcUaAdapter a) {
        a.close();
    }

    // The beans the shipped adapter routes call (adapters/*.yaml: bean ref ... method handle)

    @Produces
    @Singleton
    @Named("mqttAdapter")
    AdapterBean mqttBean(MqttAdapter a) {
        return new AdapterBean(a);
    }

    @Produces
    @Singleton
    @Named("modbusAdapter")
    AdapterBean modbusBean(ModbusAdapter a) {
        return new AdapterBean(a);
    }

    @Produces
    @Singleton
    @Named("opcUaAdapter")
    AdapterBean opcUaBean(OpcUaAdapter a) {
        return new AdapterBean(a);
    }

    @Produces
    @Singleton
    @Named("simulatedDevices")
    AdapterBean simulatedBean(SimulatedDevices a) {
        return new AdapterBean(a);
    }

    private static List<ProtocolAdapter> adapters(MqttAdapter mqtt, ModbusAdapter modbus, OpcUaAdapter opcua,
            SimulatedDevices sim) {
        return List.of(mqtt, modbus, opcua, sim);
    }

    @Produces
    @Singleton
    @Named("adapterCalls")
    ExecutorService adapterCalls(GatewayConfig config) {
        return Pools.pool("adapter-call", config.adapters().concurrency(), 1000);
    }

    @Produces
    @Singleton
    CamelAdapterTransport adapterTransport(GatewayConfig config, ProducerTemplate template,
            @Named("adapterCalls") ExecutorService calls) {
        return new CamelAdapterTransport(template, config.adapters().timeout(), calls);
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(@Named("profiles") ProfileRegistry profiles, CamelAdapterTransport transport) {
        return new Dispatcher(profiles, transport);
    }

    @Produces
    @Singleton
    @Named("presenceProbes")
    PresenceProbes presenceProbes(Inventory inventory, @Named("profiles") ProfileRegistry profiles,
            ModbusAdapter modbus, OpcUaAdapter opcua) {
        return new PresenceProbes(inventory, profiles, Map.of(modbus.protocol(), modbus, opcua.protocol(), opcua));
    }

    @Produces
    @Singleton
    @Named("adapterRoutes")
    AdapterRoutes adapterRoutes(GatewayConfig config, CamelContext camel, @Named("profiles") ProfileRegistry profiles,
            MqttAdapter mqtt, ModbusAdapter modbus, OpcUaAdapter opcua, SimulatedDevices sim,
            SparkplugAdapter sparkplug, FileOutcomes outcomes) {
        Map<String, AddressSyntax> syntaxes = Stream.concat(adapters(mqtt, modbus, opcua, sim).stream(),
                Stream.of(sparkplug)).collect(Collectors.toMap(ProtocolAdapter::protocol, Function.identity()));
        return new AdapterRoutes(camel, profiles, Path.of(config.adapters().dir()), syntaxes, outcomes);
    }
}
