package io.omadm.gateway.adaptation.sparkplug;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.TimeBoundAdapter;
import io.omadm.gateway.adaptation.link.LinkState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * DM commands on the metrics of Sparkplug nodes and devices (protocol {@code sparkplug}; a point's address is the
 * metric's name). Get answers the last value the node reported, without a round trip; a stale metric (its node or
 * device died) is an error, not an old value. Replace publishes an NCMD or DCMD with the metric's alias (its name
 * when the birth gave no alias), its birth's datatype and a timestamp; Exec writes {@code true} to a Boolean metric
 * ({@code Node Control/Rebirth}, {@code Node Control/Reboot}). A metric the birth did not declare writable, or a value
 * not of its type, is refused before anything is published.
 */
public final class SparkplugAdapter implements ProtocolAdapter, TimeBoundAdapter {

    private static final Logger LOG = Logger.getLogger(SparkplugAdapter.class.getName());

    private final SparkplugHost host;
    private final Clock clock;

    public SparkplugAdapter(SparkplugHost host, Clock clock) {
        this.host = host;
        this.clock = clock;
    }

    @Override
    public String protocol() {
        return "sparkplug";
    }

    @Override
    public Optional<String> problem(String address) {
        return address == null || address.isBlank() ? Optional.of("a Sparkplug point's address is its metric's name")
                : Optional.empty();
    }

    @Override
    public List<LinkState> links() {
        LinkState s = host.linkState();
        return s == null ? List.of() : List.of(s);
    }

    @Override
    public Response handle(Request r) {
        HostState.Target t = host.state().target(r.devId()).orElse(null);
        if (t == null) {
            return refused(404, r.devId() + " is no Sparkplug node or device born since the gateway started");
        }
        MetricState m = t.metrics().get(r.address());
        if (m == null) {
            return refused(404, r.devId() + " declared no metric '" + r.address() + "' in its birth");
        }
        return switch (r.command()) {
            case "Get" -> get(t, m);
            case "Replace" -> write(t, m, r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8));
            case "Exec" -> m.datatype == DataType.Boolean_VALUE ? write(t, m, "true")
                    : refused(405, m.name + " is a " + SparkplugValues.typeName(m.datatype)
                            + " metric; Exec writes true to Boolean metrics only");
            default -> refused(405, r.command() + " is not a command on Sparkplug metrics");
        };
    }

    private static Response get(HostState.Target t, MetricState m) {
        if (m.isStale()) {
            return refused(500, m.name + " of " + t.devId() + " is stale: the " + (t.online() ? "metric" : "device")
                    + " has been offline since " + Instant.ofEpochMilli(m.timestamp()));
        }
        String v = m.value();
        return v == null ? refused(500, m.name + " of " + t.devId() + " has no value (null)")
                : new Response(200, v.getBytes(StandardCharsets.UTF_8));
    }

    private Response write(HostState.Target t, MetricState m, String value) {
        if (!m.writable) {
            return refused(405, m.name + " of " + t.devId() + " is not writable (its birth does not say writable)");
        }
        if (!t.online()) {
            return refused(500, t.devId() + " is offline: no command is sent to it");
        }
        long now = clock.millis();
        Metric.Builder b = Metric.newBuilder().setTimestamp(now);
        if (m.alias != MetricState.NO_ALIAS) {
            b.setAlias(m.alias);
        } else {
            b.setName(m.name);
        }
        try {
            SparkplugValues.set(b, m.datatype, value, m.inLong);
        } catch (SparkplugValues.WrongType e) {
            return refused(400, m.name + ": " + e.getMessage());
        }
        Payload p = Payload.newBuilder().setTimestamp(now).addMetrics(b).build();
        if (!host.publish(t.commandTopic(), SparkplugHost.command(p))) {
            LOG.warning("device " + t.devId() + ": " + m.name + " not written, the Sparkplug broker is not there");
            return refused(500, "the Sparkplug host is not connected to its broker");
        }
        return new Response(200, null);
    }

    private static Response refused(int status, String why) {
        return new Response(status, why.getBytes(StandardCharsets.UTF_8));
    }
}
