package io.omadm.gateway.app;

import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.northbound.AlertQueued;
import io.omadm.gateway.northbound.AlertWriter;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.northbound.JdkHttpTransport;
import io.omadm.gateway.northbound.JdkHttpTransport.KeyStoreFile;
import io.omadm.gateway.northbound.NotifyingAlertQueue;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.notification.NotificationReceiver;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.tree.DmTree;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * The gateway's northbound face: the durable alert queue, the sessions with the DM server, and Package 0 for the
 * gateway itself. An alert queued anywhere (also inside another store's transaction: fanout, proxy) starts a session
 * once committed, through the {@link AlertQueued} event.
 */
@Singleton
public class NorthboundWiring {

    /** Told the id of each alert queued outside the alert queue's own insert (to start a session). */
    @Produces
    @Singleton
    @Named("alertQueued")
    LongConsumer alertQueued(Event<AlertQueued> queued) {
        return id -> queued.fireAsync(new AlertQueued(id));
    }

    @Produces
    @Singleton
    AlertQueue alertQueue(Database database, @Named("alertQueued") LongConsumer alertQueued) {
        return new NotifyingAlertQueue(new JdbcAlertQueue(database.dataSource()), alertQueued);
    }

    /** Alerts queued inside another store's transaction (fanout, proxy): the same queue's table. */
    @Produces
    @Singleton
    AlertWriter alertWriter(Database database) {
        return new JdbcAlertQueue(database.dataSource());
    }

    @Produces
    @Singleton
    @Named("sessionRunner")
    SessionRunner sessionRunner(GatewayConfig config, DmTree tree, DmAccounts accounts, AlertQueue alerts,
            AuditTrail audit) {
        GatewayConfig.Server s = config.server();
        KeyStoreFile trust = s.trustStore().map(p -> new KeyStoreFile(Path.of(p),
                s.trustStorePassword().orElse("").toCharArray(), s.trustStoreType())).orElse(null);
        KeyStoreFile identity = s.keyStore().map(p -> new KeyStoreFile(Path.of(p),
                s.keyStorePassword().orElse("").toCharArray(), s.keyStoreType())).orElse(null);
        SSLContext ssl = trust == null && identity == null ? null : JdkHttpTransport.context(trust, identity);
        Encoding encoding = s.encoding().toLowerCase(Locale.ROOT).equals("xml") ? Encoding.XML : Encoding.WBXML;
        return new SessionRunner(new SessionRunner.Settings(s.id(), encoding, s.sessionInterval()),
                new JdkHttpTransport(s.timeout(), ssl), tree, accounts, alerts, audit);
    }

    void onAlert(@ObservesAsync AlertQueued queued, SessionRunner sessions) {
        sessions.alertQueued(queued);
    }

    @Produces
    @Singleton
    @Named("notificationReceiver")
    NotificationReceiver notificationReceiver(DmAccounts accounts, SessionRunner sessions) {
        return new NotificationReceiver(accounts.package0Verifier(), sessions::serverInitiated);
    }
}
