package io.omadm.gateway.app;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The gateway as a Sparkplug B host application (docs/modes/sparkplug.md). */
public interface SparkplugConfig {

    /** Whether the host connects and discovers the site's edge nodes. */
    @WithDefault("false")
    boolean enabled();

    /** The host id of the STATE topic (spBv1.0/STATE/&lt;host-id&gt;); unique on the site. */
    @WithDefault("omadm-gateway")
    String hostId();

    /** The Sparkplug groups to subscribe to; empty: all. */
    Optional<List<String>> groups();

    /** The site broker to use: "default" (gateway.mqtt.*) or a name of gateway.mqtt.brokers.&lt;name&gt;. */
    @WithDefault("default")
    String broker();

    /** How long a message ahead of its sequence waits for the missing one before a rebirth is asked (0: none). */
    @WithDefault("2s")
    Duration reorderTimeout();

    /** Whether a metric whose birth says nothing about writing may be written (Replace). */
    @WithDefault("false")
    boolean writableByDefault();

    /** The birth metric giving a node's or device's manufacturer in the inventory. */
    @WithDefault("Properties/Hardware Make")
    String manMetric();

    /** The birth metric giving its model. */
    @WithDefault("Properties/Hardware Model")
    String modelMetric();

    /** The birth metric giving its firmware version. */
    @WithDefault("Properties/FW Version")
    String fwVersionMetric();
}
