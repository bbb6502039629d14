package io.omadm.gateway.app;

import io.omadm.gateway.gwmo.GwConfig;
import io.omadm.gateway.images.ImageAccess;
import io.omadm.gateway.images.ImageCatalog;
import io.omadm.gateway.images.ImageStore;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.images.JdbcImageCatalog;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.Settings;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The image store for the devices behind the gateway (DCIS-001/002/003): files, catalog, downloads, who may fetch them,
 * and the URL they are fetched at.
 */
@Singleton
public class ImagesWiring {

    private static final Logger LOG = Logger.getLogger(ImagesWiring.class.getName());

    /** How the devices behind the gateway reach its HTTP port: images and POST /dm. */
    @Produces
    @Singleton
    @Named("siteUrl")
    Supplier<String> siteUrl(GatewayConfig config) {
        return baseUrl(config.images().baseUrl());
    }

    @Produces
    @Singleton
    @Named("imageDownloads")
    ExecutorService imageDownloads(GatewayConfig config) {
        return Pools.pool("image-download", config.images().downloads(), 1000);
    }

    @Produces
    @Singleton
    Images images(GatewayConfig config, Database database, GwConfig gwConfig, AlertQueue alerts,
            @Named("imageDownloads") ExecutorService downloads, @Named("siteUrl") Supplier<String> siteUrl) {
        Images images = new Images(new ImageStore(CoreWiring.dataDir(config).resolve("images")),
                new JdbcImageCatalog(database.dataSource()), gwConfig::imageStorage,
                () -> gwConfig.imageQuotaMb() * 1024 * 1024, alerts, HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build(),
                downloads, siteUrl, Clock.systemUTC());
        images.collect(); // retention: entries deleted while the gateway was down let go of their images
        images.resume();
        return images;
    }

    @Produces
    @Singleton
    ImageAccess imageAccess(GatewayConfig config, Settings settings) {
        return new ImageAccess(config.images().allow(), ImageAccess.tokenKey(settings));
    }

    /**
     * The configured base URL ("{port}" in it stands for the HTTP port the gateway listens on), or one made of this
     * machine's first site-local address and the HTTP port.
     */
    private static Supplier<String> baseUrl(Optional<String> configured) {
        String url = configured.filter(u -> !u.isBlank())
                .orElse("http://" + siteLocalAddress().orElse("127.0.0.1") + ":{port}");
        return () -> url.replace("{port}", ConfigProvider.getConfig().getValue(
                LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port",
                String.class));
    }

    private static Optional<String> siteLocalAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            LOG.fine("no network interfaces: " + e.getMessage());
        }
        return Optional.empty();
    }
}
