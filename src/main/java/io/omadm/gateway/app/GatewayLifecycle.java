package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.adaptation.camel.AdapterRoutes;
import io.omadm.gateway.adaptation.mqtt.MqttAdapter;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.gwmo.GwConfig;
import io.omadm.gateway.gwmo.GwmoObjects;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.inventory.DeviceProfiles;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.FirstAdmin;
import io.omadm.gateway.security.tls.CertificateFingerprint;
import io.omadm.gateway.southbound.DeviceBootstrapper;
import io.omadm.gateway.southbound.DeviceSessions;
import io.omadm.gateway.southbound.ProxyRelay;
import io.omadm.gateway.transparent.TriggerForwarder;
import io.omadm.gateway.tree.DmTree;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's start and stop, in order: the GwMO objects mounted in the tree and the devices the profiles declare
 * registered first; the DM sessions once the gateway runs; the adapter routes and the fanout jobs a restart
 * interrupted once Camel runs; at the end the pools drained, the last presence and fanout results written, and the
 * database closed.
 */
@Singleton
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class.getName());

    void mount(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev,
            GatewayConfig config, DmTree tree, GwConfig gwConfig, Inventory inventory, Dispatcher dispatcher,
            ProxyRelay relay, @Named("triggerForwarder") TriggerForwarder triggers,
            @Named("fanoutJobs") FanoutJobs fanouts, Images images, DeviceBootstrapper bootstrapper,
            DmAccounts accounts, DeviceSessions sessions) {
        GwmoObjects.mount(tree, gwConfig, inventory, dispatcher, relay, triggers, fanouts, images, bootstrapper,
                accounts.serverIds());
        DeviceProfiles.Loaded declared = DeviceProfiles.load(AdaptationWiring.profilesDir(config), inventory);
        LOG.info(declared.devices() + " devices declared in device profiles"
                + (declared.problems().isEmpty() ? "" : "; files refused: " + declared.problems()));
    }

    /** No default password: the first admin, when there is no user yet (docs/security.md). */
    void firstAdmin(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev,
            GatewayConfig config, AccessStore users) {
        FirstAdmin.ensure(users, config.security().adminPassword(), CoreWiring.dataDir(config), Clock.systemUTC());
    }

    /** Which certificate HTTPS serves, and its fingerprint for an operator to compare (docs/security.md). */
    void tlsCertificate(@Observes StartupEvent ev,
            @ConfigProperty(name = "quarkus.tls.key-store.pem.gateway.cert") Optional<String> cert) {
        cert.ifPresent(c -> LOG.info("HTTPS serves " + c + ", SHA-256 fingerprint "
                + CertificateFingerprint.ofPem(Path.of(c)) + " (gateway.tls.cert-file and gateway.tls.key-file"
                + " set the site's own)"));
    }

    void startSessions(@Observes StartupEvent ev, SessionRunner sessions) {
        sessions.start();
    }

    /**
     * Adapter routes load, fanout jobs run, and device announcements over MQTT are heard on every broker of the site
     * (routes mqtt-announce and mqtt-presence), once the gateway's own routes do; interrupted jobs go on.
     */
    void onCamelStarted(@Observes AfterStart started, ProducerTemplate producer,
            @Named("adapterRoutes") AdapterRoutes adapterRoutes, @Named("fanoutJobs") FanoutJobs fanouts,
            MqttAdapter mqtt) {
        adapterRoutes.onCamelStarted();
        fanouts.launcher(id -> producer.asyncSendBody("direct:fanout-run", id));
        fanouts.resume();
        mqtt.listen("gwmo/announce/+", (topic, payload) -> toRoute(producer, "direct:mqtt-announce", topic, payload));
        mqtt.listen("gwmo/presence/+", (topic, payload) -> toRoute(producer, "direct:mqtt-presence", topic, payload));
    }

    /** A message from a broker to a route; what the route cannot take is logged, and the connection stays. */
    private static void toRoute(ProducerTemplate producer, String route, String topic, byte[] payload) {
        try {
            producer.sendBodyAndHeader(route, payload, "CamelMqttTopic", topic);
        } catch (RuntimeException e) {
            LOG.warning(route + ": the message on " + topic + " was not taken: " + e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent ev, SessionRunner sessions, Inventory inventory,
            @Named("fanoutJobs") FanoutJobs fanouts, Database database, @Named("fanoutPool") ExecutorService fanoutPool,
            @Named("adapterCalls") ExecutorService adapterCalls,
            @Named("imageDownloads") ExecutorService imageDownloads) {
        sessions.stop();
        Pools.stop(List.of(fanoutPool, adapterCalls, imageDownloads), Duration.ofSeconds(2));
        try {
            inventory.writeSeen();
        } catch (RuntimeException e) {
            LOG.warning("lastSeen of recently active devices not written at shutdown: " + e.getMessage());
        }
        try {
            fanouts.store().close(); // the fanout answers still gathering for their commit
        } catch (RuntimeException e) {
            LOG.warning("fanout results not written at shutdown: " + e.getMessage());
        }
        database.close();
    }
}
