package io.omadm.gateway.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omadm.gateway.adaptation.sparkplug.SparkplugHost;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.fanout.FanoutStore;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.GroupCommit;
import io.omadm.gateway.security.Credentials;
import io.omadm.gateway.security.LoginThrottle;
import io.omadm.gateway.security.SourceLimits;
import io.omadm.gateway.southbound.DeviceSessions;
import io.omadm.gateway.southbound.ProxyRelay;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The gateway's own meters at /q/metrics (Prometheus, DESIGN §2), beside Quarkus's JVM and HTTP ones: the devices
 * by presence, alerts waiting for the server, running fanout jobs, open southbound sessions, and how many writes each
 * commit carries for fanout results and proxy answers (the figure that decides their throughput on H2), and the size
 * of the H2 file. Gauges are read at each scrape; the inventory's counts come from its cache, the others cost one
 * small query. Gauges hold their suppliers strongly (Micrometer keeps only a weak reference to a gauge's object); the
 * counted stores live as long as the gateway.
 */
@ApplicationScoped
public class GatewayMetrics {

    void register(@Observes StartupEvent ev, MeterRegistry registry, Inventory inventory, AlertQueue alerts,
            FanoutJobs fanouts, ProxyRelay relay, DeviceSessions sessions, Credentials credentials,
            SourceLimits limits, SparkplugHost sparkplug, Database database) {
        // a registry that outlives an application (tests restart Quarkus in one JVM) keeps the first meter of a name
        // and would go on reading the stores of a stopped gateway: the gateway's own meters are made anew
        registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("gateway.")).toList()
                .forEach(registry::remove);
        Gauge.builder("gateway.devices", () -> inventory.summary().attached()).tag("status", "attached")
                .description("devices in the inventory by presence").register(registry);
        Gauge.builder("gateway.devices", () -> inventory.summary().detached()).tag("status", "detached")
                .description("devices in the inventory by presence").register(registry);
        Gauge.builder("gateway.devices", () -> inventory.summary().pending()).tag("status", "pending")
                .description("devices in the inventory by presence").register(registry);
        Gauge.builder("gateway.alerts.queued", alerts::size)
                .description("Generic Alerts waiting to be delivered to the DM server").register(registry);
        Gauge.builder("gateway.fanout.jobs.running", () -> fanouts.store().running().size())
                .description("fanout jobs running").register(registry);
        Gauge.builder("gateway.proxy.sessions.open", sessions::sessionsOpen)
                .description("proxy-mode devices in a session with the gateway").register(registry);
        if (database.fileSize().isPresent()) {
            Gauge.builder("gateway.database.file.size", () -> database.fileSize().orElse(-1)).baseUnit("bytes")
                    .description("the H2 file: about 45 s of commits under load, given back after (docs/deploy.md)")
                    .register(registry);
        }
        FanoutStore results = fanouts.store();
        FunctionCounter.builder("gateway.fanout.results.written", results, FanoutStore::resultsWritten)
                .description("per-device fanout results stored").register(registry);
        FunctionCounter.builder("gateway.fanout.results.commits", results, FanoutStore::resultCommits)
                .description("commits that stored fanout results").register(registry);
        GroupCommit answers = relay.queue().commits();
        FunctionCounter.builder("gateway.proxy.answers.writes", answers, GroupCommit::writes)
                .description("proxy-mode devices' messages whose answers were stored").register(registry);
        FunctionCounter.builder("gateway.proxy.answers.commits", answers, GroupCommit::transactions)
                .description("commits that stored them (several messages share one under load)").register(registry);
        FunctionCounter.builder("gateway.proxy.auth.lockouts", sessions, DeviceSessions::authLockouts)
                .description("proxy-mode devices locked out after wrong credentials").register(registry);
        FunctionCounter.builder("gateway.http.refused.rate", limits, SourceLimits::refusedRequests)
                .description("plain-port requests refused for their source's request rate").register(registry);
        FunctionCounter.builder("gateway.http.refused.connections", limits, SourceLimits::refusedConnections)
                .description("plain-port connections refused for their source's open connections").register(registry);
        FunctionCounter.builder("gateway.sparkplug.messages", sparkplug, SparkplugHost::messagesReceived)
                .description("Sparkplug B payloads received from edge nodes").register(registry);
        FunctionCounter.builder("gateway.sparkplug.metrics", sparkplug, SparkplugHost::metricsReceived)
                .description("metrics those payloads carried").register(registry);
        FunctionCounter.builder("gateway.sparkplug.rebirths", sparkplug, SparkplugHost::rebirthsAsked)
                .description("rebirths asked of edge nodes").register(registry);
        LoginThrottle throttle = credentials.throttle();
        FunctionCounter.builder("gateway.login.lockouts", throttle, LoginThrottle::lockouts)
                .description("sources locked out after too many failed sign-ins").register(registry);
        FunctionCounter.builder("gateway.login.refused.locked", throttle, LoginThrottle::refusals)
                .description("sign-in attempts refused while locked out").register(registry);
    }
}
