package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.fanout.ConnectionLimits;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.fanout.FanoutStore;
import io.omadm.gateway.gwmo.GwConfig;
import io.omadm.gateway.gwmo.GwmoNames;
import io.omadm.gateway.gwmo.GwmoObjects;
import io.omadm.gateway.gwmo.InventoryAlerts;
import io.omadm.gateway.gwmo.Settings;
import io.omadm.gateway.images.ImageAccess;
import io.omadm.gateway.images.ImageCatalog;
import io.omadm.gateway.images.ImageStore;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.inventory.Announcements;
import io.omadm.gateway.inventory.DeviceProfiles;
import io.omadm.gateway.inventory.DeviceStore;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.InventoryEvent;
import io.omadm.gateway.inventory.JdbcDeviceStore;
import io.omadm.gateway.mo.Bootstrap;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.mo.GatewayIdentity;
import io.omadm.gateway.mo.StandardObjects;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.notification.RecentDigests;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.southbound.DeviceAccounts;
import io.omadm.gateway.southbound.DeviceBootstrapper;
import io.omadm.gateway.southbound.DeviceSessions;
import io.omadm.gateway.southbound.ProxyQueue;
import io.omadm.gateway.southbound.ProxyRelay;
import io.omadm.gateway.southbound.WakeUp;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.transparent.TriggerForwarder;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.JdbcTreeStore;
import io.omadm.gateway.tree.NodePath;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.quarkus.main.events.AfterStart;

/**
 * Opens what everything else stands on, once: the database, the management tree with the standard objects mounted,
 * the DM account from config, and the durable alert queue.
 */
@ApplicationScoped
public class GatewayCore {

    private static final Logger LOG = Logger.getLogger(GatewayCore.class.getName());

    private final Database database;
    private final DmTree tree;
    private final DmAccounts accounts;
    private final AlertQueue alerts;
    private final GwConfig gwConfig;
    private final DeviceStore devices;
    private final Inventory inventory;
    private final InventoryAlerts inventoryAlerts;
    private final DeviceSessions deviceSessions;
    private final ProxyRelay proxyRelay;
    private final DeviceBootstrapper bootstrapper;
    private final ProfileRegistry profiles;
    private final TriggerForwarder triggers;
    private final FanoutJobs fanouts;
    private final ExecutorService fanoutPool;
    private final ExecutorService adapterCalls;
    private final CamelAdapterTransport adapterTransport;
    private final ExecutorService imageDownloads;
    private final Images images;
    private final ImageAccess imageAccess;

    public GatewayCore(GatewayConfig config, Event<AlertQueued> queued, ProducerTemplate adapters) {
        Path dataDir = Path.of(config.dataDir());
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create gateway.data-dir " + dataDir.toAbsolutePath(), e);
        }
        String url = config.db().url().filter(u -> !u.isBlank()).orElse(Database.h2Url(dataDir));
        database = Database.open(url, config.db().user(), config.db().password().orElse(""),
                config.db().maxConnections());
        LOG.info("database " + Database.redact(url));
        tree = new DmTree(new JdbcTreeStore(database.dataSource()));
        GatewayConfig.Identity id = config.identity();
        StandardObjects.mount(tree, new GatewayIdentity(config.devId(), id.man(), id.mod(), id.dmV(), id.lang(),
                id.devTyp(), id.oem(), id.fwV(), id.swV(), id.hwV()));
        accounts = new DmAccounts(tree);
        config.server().url().filter(u -> !u.isBlank()).ifPresent(u -> accounts.seed(settings(config.server(), u)));
        config.bootstrap().file().filter(f -> !f.isBlank()).map(Path::of).filter(Files::exists)
                .ifPresent(this::bootstrap);
        // an alert queued in another store's transaction (fanout, proxy) starts a session once committed, as these do
        LongConsumer alertQueued = alertId -> queued.fireAsync(new AlertQueued(alertId));
        alerts = new NotifyingAlertQueue(new JdbcAlertQueue(database.dataSource()), alertQueued);
        gwConfig = new GwConfig(NodePath.of(GwmoNames.GW_CONFIG), new Settings(database.dataSource()));
        devices = new JdbcDeviceStore(database.dataSource());
        inventory = new Inventory(devices, Clock.systemUTC(), config.inventory().liveness(), gwConfig::defaultMode);
        inventoryAlerts = new InventoryAlerts(alerts, gwConfig::newDeviceAlert, gwConfig::presenceAlert);
        inventory.subscribe(inventoryAlerts);
        profiles = new ProfileRegistry(Path.of(config.adapters().dir(), "profiles"));
        profiles.reload();
        triggers = new TriggerForwarder(inventory, NotificationReceiver.verifier(accounts),
                new CamelNotificationDelivery(adapters),
                new RecentDigests(config.transparent().replayWindow(), 100_000, Clock.systemUTC()));
        adapterCalls = pool("adapter-call", config.adapters().concurrency(), 1000);
        adapterTransport = new CamelAdapterTransport(adapters, config.adapters().timeout(), adapterCalls);
        Dispatcher dispatcher = new Dispatcher(profiles, adapterTransport);
        proxyRelay = new ProxyRelay(new ProxyQueue(database.dataSource(), alertQueued), config.proxy().resultWait(),
                config.proxy().expiry(), config.proxy().retention(), Clock.systemUTC());
        fanouts = new FanoutJobs(new FanoutStore(database.dataSource()), inventory, dispatcher, proxyRelay,
                new ConnectionLimits(config.fanout().perConnection(), config.fanout().perBroker()), Clock.systemUTC(),
                alertQueued);
        // the splitter hands the pool at most one task per device it has in flight: no queue bound needed
        fanoutPool = pool("fanout", config.fanout().threads(), Integer.MAX_VALUE);
        imageDownloads = pool("image-download", config.images().downloads(), 1000);
        // how the devices behind the gateway reach its HTTP port: images and POST /dm
        Supplier<String> siteUrl = ImageServer.baseUrl(config.images().baseUrl());
        images = new Images(new ImageStore(dataDir.resolve("images")), new ImageCatalog(database.dataSource()),
                gwConfig::imageStorage, () -> gwConfig.imageQuotaMb() * 1024 * 1024, alerts,
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10))
                        .build(), imageDownloads, siteUrl, Clock.systemUTC());
        images.collect(); // retention: entries deleted while the gateway was down let go of their images
        images.resume();
        imageAccess = new ImageAccess(config.images().allow(), ImageServer.key(new Settings(database.dataSource())));
        DeviceAccounts deviceAccounts = new DeviceAccounts(database.dataSource());
        bootstrapper = new DeviceBootstrapper(inventory, deviceAccounts, DeviceBootstrapper.httpSender(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()), config.devId(),
                () -> siteUrl.get() + "/dm", this::upstream);
        GwmoObjects.mount(tree, gwConfig, inventory, dispatcher, proxyRelay, triggers, fanouts, images, bootstrapper,
                accounts.serverIds());
        inventory.subscribe(e -> {
            if (e.change() == InventoryEvent.Change.REMOVED) {
                deviceAccounts.delete(e.device().devId());
            }
        });
        deviceSessions = new DeviceSessions(inventory, proxyRelay.queue(), deviceAccounts, proxyRelay::answered,
                Clock.systemUTC());
        WakeUp wakeUp = new WakeUp(inventory, deviceAccounts, new CamelNotificationDelivery(adapters),
                deviceSessions::inSession, adapterCalls, config.proxy().resultWait(), Clock.systemUTC());
        proxyRelay.wakeUpWith(wakeUp::wake);
        deviceSessions.onSessionStart(wakeUp::cameBy);
        DeviceProfiles.Loaded declared = DeviceProfiles.load(Path.of(config.adapters().dir(), "profiles"), inventory);
        LOG.info(declared.devices() + " devices declared in device profiles"
                + (declared.problems().isEmpty() ? "" : "; files refused: " + declared.problems()));
    }

    /** Up to {@code threads} daemon threads, made as needed and let go when idle, before a queue of {@code queue}. */
    private static ExecutorService pool(String name, int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private void bootstrap(Path file) {
        try {
            Bootstrap.applyFile(tree, file);
            LOG.info("bootstrap " + file + " applied; accounts: " + accounts.serverIds());
        } catch (IOException | SyncMLDecodeException | RuntimeException e) {
            LOG.severe("bootstrap " + file + " not applied: " + e.getMessage());
        }
    }

    static DmAccounts.Settings settings(GatewayConfig.Server s, String url) {
        AuthType auth = AuthType.ofName(s.auth()).orElseThrow(() -> new IllegalArgumentException(
                "gateway.server.auth is '" + s.auth() + "'; use basic, md5 or hmac"));
        AuthType serverAuth = s.serverPassword().filter(p -> !p.isBlank()).map(p -> auth).orElse(null);
        return new DmAccounts.Settings(s.id(), url, auth, s.username(), s.password().orElse(""), serverAuth,
                s.serverPassword().orElse(null), nonce(s.clientNonce(), "gateway.server.client-nonce"),
                nonce(s.serverNonce(), "gateway.server.server-nonce"));
    }

    private static byte[] nonce(Optional<String> b64, String key) {
        try {
            return b64.filter(v -> !v.isBlank()).map(v -> Base64.getDecoder().decode(v.trim())).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not base64: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    DmTree tree() {
        return tree;
    }

    @Produces
    @Singleton
    DmAccounts accounts() {
        return accounts;
    }

    @Produces
    @Singleton
    AlertQueue alertQueue() {
        return alerts;
    }

    @Produces
    @Singleton
    GwConfig gwConfig() {
        return gwConfig;
    }

    @Produces
    @Singleton
    DeviceStore deviceStore() {
        return devices;
    }

    @Produces
    @Singleton
    @Named("inventory")
    Inventory inventory() {
        return inventory;
    }

    @Produces
    @Singleton
    @Named("inventoryAlerts")
    InventoryAlerts inventoryAlerts() {
        return inventoryAlerts;
    }

    @Produces
    @Singleton
    @Named("fanoutJobs")
    FanoutJobs fanoutJobs() {
        return fanouts;
    }

    @Produces
    @Singleton
    CamelAdapterTransport adapterTransport() {
        return adapterTransport;
    }

    @Produces
    @Singleton
    @Named("fanoutPool")
    ExecutorService fanoutPool() {
        return fanoutPool;
    }

    /** Fanout jobs run once the fanout routes do; jobs a restart interrupted go on. */
    void onCamelStarted(@Observes AfterStart started, ProducerTemplate producer) {
        fanouts.launcher(id -> producer.asyncSendBody("direct:fanout-run", id));
        fanouts.resume();
    }

    @Produces
    @Singleton
    Images images() {
        return images;
    }

    @Produces
    @Singleton
    ImageAccess imageAccess() {
        return imageAccess;
    }

    @Produces
    @Singleton
    @Named("triggerForwarder")
    TriggerForwarder triggerForwarder() {
        return triggers;
    }

    @Produces
    @Singleton
    @Named("profiles")
    ProfileRegistry profiles() {
        return profiles;
    }

    @Produces
    @Singleton
    @Named("announcements")
    Announcements announcements() {
        return new Announcements(inventory);
    }

    /** The gateway's upstream DM server, for a bootstrap to the server. */
    private Optional<DeviceBootstrapper.Upstream> upstream() {
        return accounts.serverIds().stream().findFirst().flatMap(id -> accounts.account(id, Encoding.XML))
                .map(a -> new DeviceBootstrapper.Upstream(a.serverId(), a.serverUrl().toString()));
    }

    @Produces
    @Singleton
    DeviceBootstrapper bootstrapper() {
        return bootstrapper;
    }

    @Produces
    @Singleton
    @Named("proxyRelay")
    ProxyRelay proxyRelay() {
        return proxyRelay;
    }

    @Produces
    @Singleton
    DeviceSessions deviceSessions() {
        return deviceSessions;
    }

    @Produces
    @Singleton
    Database database() {
        return database;
    }

    void close(@Observes ShutdownEvent ev) {
        stop(List.of(fanoutPool, adapterCalls, imageDownloads), Duration.ofSeconds(2));
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

    /**
     * Lets the pools' running tasks end on their own for up to {@code grace} (a task inside H2's file I/O that is
     * interrupted can close its file channel), then interrupts those still running (mostly waiting on a device).
     */
    private static void stop(List<ExecutorService> pools, Duration grace) {
        pools.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ExecutorService pool : pools) {
            try {
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
    }
}
