package io.omadm.gateway.app;

import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.InventoryEvent;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.notification.RecentDigests;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.security.LoginThrottle;
import io.omadm.gateway.southbound.DeviceAccounts;
import io.omadm.gateway.southbound.DeviceBootstrapper;
import io.omadm.gateway.southbound.DeviceSessions;
import io.omadm.gateway.southbound.JdbcDeviceAccounts;
import io.omadm.gateway.southbound.JdbcProxyQueue;
import io.omadm.gateway.southbound.ProxyQueue;
import io.omadm.gateway.southbound.ProxyRelay;
import io.omadm.gateway.southbound.RegistrationPolicy;
import io.omadm.gateway.southbound.WakeUp;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.transparent.NotificationDelivery;
import io.omadm.gateway.transparent.TriggerForwarder;
import io.omadm.gateway.transparent.camel.CamelNotificationDelivery;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.camel.ProducerTemplate;

/**
 * The devices behind the gateway that speak OMA DM: proxy mode (the gateway as their DM server at POST /dm, queued
 * commands, wake-ups), their accounts and bootstrap, and transparent mode (Package 0 forwarded to them).
 */
@Singleton
public class SouthboundWiring {

    @Produces
    @Singleton
    NotificationDelivery notificationDelivery(ProducerTemplate template) {
        return new CamelNotificationDelivery(template);
    }

    @Produces
    @Singleton
    DeviceAccounts deviceAccounts(Database database, Inventory inventory, SecretSealer sealer) {
        DeviceAccounts accounts = new JdbcDeviceAccounts(database.dataSource(), sealer);
        inventory.subscribe(e -> {
            if (e.change() == InventoryEvent.Change.REMOVED) {
                accounts.delete(e.device().devId());
            }
        });
        return accounts;
    }

    @Produces
    @Singleton
    @Named("proxyRelay")
    ProxyRelay proxyRelay(GatewayConfig config, Database database, @Named("alertQueued") LongConsumer alertQueued) {
        GatewayConfig.Proxy p = config.proxy();
        return new ProxyRelay(new JdbcProxyQueue(database.dataSource(), alertQueued), p.resultWait(), p.expiry(),
                p.retention(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    DeviceSessions deviceSessions(GatewayConfig config, Inventory inventory, ProxyRelay relay,
            DeviceAccounts accounts, NotificationDelivery delivery, @Named("adapterCalls") ExecutorService calls,
            SecretSealer sealer) {
        GatewayConfig.Southbound south = config.southbound();
        RegistrationPolicy policy = RegistrationPolicy.parse(south.registration()).orElseThrow(
                () -> new IllegalArgumentException("gateway.southbound.registration is '" + south.registration()
                        + "'; use pending, closed, credential or open"));
        DeviceSessions sessions = new DeviceSessions(inventory, relay.queue(), accounts, relay::answered,
                new DeviceSessions.Registrations(policy, south.pending().max(), south.pending().perMinute(),
                        south.enrolment().secret().orElse(null), config.devId()),
                new LoginThrottle(south.auth().maxFailures(), south.auth().lockout(), Clock.systemUTC()), sealer,
                Clock.systemUTC());
        WakeUp wakeUp = new WakeUp(inventory, accounts, delivery, sessions::inSession, calls,
                config.proxy().resultWait(), Clock.systemUTC());
        relay.wakeUpWith(wakeUp::wake);
        sessions.onSessionStart(wakeUp::cameBy);
        return sessions;
    }

    @Produces
    @Singleton
    DeviceBootstrapper bootstrapper(GatewayConfig config, Inventory inventory, DeviceAccounts accounts,
            DmAccounts gatewayAccounts, @Named("siteUrl") Supplier<String> siteUrl) {
        return new DeviceBootstrapper(inventory, accounts, DeviceBootstrapper.httpSender(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()), config.devId(),
                () -> siteUrl.get() + "/dm", () -> upstream(gatewayAccounts));
    }

    /** The gateway's upstream DM server, for a bootstrap to the server. */
    private static Optional<DeviceBootstrapper.Upstream> upstream(DmAccounts accounts) {
        return accounts.serverIds().stream().findFirst().flatMap(id -> accounts.account(id, Encoding.XML))
                .map(a -> new DeviceBootstrapper.Upstream(a.serverId(), a.serverUrl().toString()));
    }

    @Produces
    @Singleton
    @Named("triggerForwarder")
    TriggerForwarder triggerForwarder(GatewayConfig config, Inventory inventory, DmAccounts accounts,
            NotificationDelivery delivery) {
        return new TriggerForwarder(inventory, accounts.package0Verifier(), delivery,
                new RecentDigests(config.transparent().replayWindow(), 100_000, Clock.systemUTC()));
    }
}
