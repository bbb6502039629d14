package io.omadm.gateway.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** The fanout aggregator's running tally: devices by DM status (-1: not run before the job ended). */
@ApplicationScoped
@Named("fanoutCounts")
public class FanoutCounts implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange tally, Exchange device) {
        Exchange into = tally == null ? device : tally;
        @SuppressWarnings("unchecked")
        Map<Integer, Integer> counts = tally == null ? new TreeMap<>() : into.getMessage().getBody(Map.class);
        counts.merge(device.getMessage().getBody(Integer.class), 1, Integer::sum);
        into.getMessage().setBody(counts);
        return into;
    }
}
