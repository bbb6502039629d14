package io.omadm.gateway.adaptation.sparkplug;

import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.time.Duration;

/**
 * How the host application treats what it hears: how long a message ahead of its turn is held for the missing one
 * (0: a gap asks for a rebirth at once), whether a metric whose birth says nothing about it may be written, which
 * birth metrics give the inventory's facts, and the backoff between connection attempts.
 */
public record SparkplugSettings(Duration reorderTimeout, boolean writableByDefault, FactMetrics factMetrics,
        ReconnectPolicy reconnect) {

    public static SparkplugSettings defaults() {
        return new SparkplugSettings(Duration.ofSeconds(2), false, FactMetrics.DEFAULT,
                ReconnectPolicy.DEFAULT);
    }
}
