package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.fanout.ConnectionLimits;
import io.omadm.gateway.fanout.FanoutJobs;
import io.omadm.gateway.fanout.FanoutSpec;
import io.omadm.gateway.fanout.JdbcFanoutStore;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.northbound.AlertWriter;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.southbound.ProxyRelay;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;

/** Command fanout (routes/fanout.yaml): the jobs, their store, and the pool the splitter runs devices on. */
@Singleton
public class FanoutWiring {

    @Produces
    @Singleton
    @Named("fanoutJobs")
    FanoutJobs fanoutJobs(GatewayConfig config, Database database, Inventory inventory, Dispatcher dispatcher,
            ProxyRelay relay, @Named("alertQueued") LongConsumer alertQueued, AlertWriter alerts) {
        GatewayConfig.Fanout f = config.fanout();
        FanoutSpec.Retry retry = new FanoutSpec.Retry(f.retry().attempts(), f.retry().backoff().toMillis(),
                f.retry().statuses());
        List<String> problems = new FanoutSpec(null, List.of(), 0, retry).problems().stream()
                .filter(p -> p.startsWith("retry.")).toList();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("gateway.fanout.retry: " + String.join("; ", problems));
        }
        return new FanoutJobs(new JdbcFanoutStore(database.dataSource(), alerts), inventory, dispatcher, relay,
                new ConnectionLimits(f.perConnection(), f.perBroker()), Clock.systemUTC(), alertQueued, retry);
    }

    /** The splitter hands the pool at most one task per device it has in flight: no queue bound needed. */
    @Produces
    @Singleton
    @Named("fanoutPool")
    ExecutorService fanoutPool(GatewayConfig config) {
        return Pools.pool("fanout", config.fanout().threads(), Integer.MAX_VALUE);
    }
}
