package io.omadm.gateway.adaptation.sparkplug;

import io.omadm.gateway.adaptation.DeviceProfile;
import io.omadm.gateway.adaptation.Point;
import io.omadm.gateway.tree.NodePath;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;

/**
 * The device profile of a Sparkplug node or device, made from its last birth rather than written by hand: profile
 * {@code sparkplug:<DevId>}, a leaf per metric whose datatype the gateway maps, its path the metric's name ('/'
 * separates its nodes), its format from the datatype, Get always, Replace when the birth says the metric is writable
 * (never for datasets, templates and arrays, read as JSON), and Exec too for a writable Boolean; the metric's
 * engineering units as the node's Title, the time of its last value as its TStamp. Metrics the gateway does not map
 * (property sets) and names that are no node path are left out of the tree.
 */
public final class SparkplugProfiles {

    public static final String PREFIX = "sparkplug:";

    private final HostState state;

    SparkplugProfiles(HostState state) {
        this.state = state;
    }

    /** The profile name a node or device is registered with. */
    public static String nameOf(String devId) {
        return PREFIX + devId;
    }

    /** The profile of {@code sparkplug:<DevId>}, when that node or device was born since the start. */
    public Optional<DeviceProfile> profile(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return state.target(name.substring(PREFIX.length())).map(t -> {
            Map<String, Point> points = new LinkedHashMap<>();
            for (MetricState m : t.metrics().values()) {
                String format = SparkplugValues.format(m.datatype);
                if (format != null && isPath(m.name)) {
                    points.put(m.name, new Point(m.name, m.name, format, null, commands(m), null, null, null, null,
                            m.units, m.timestamp()));
                }
            }
            return new DeviceProfile(name, "sparkplug", points);
        });
    }

    private static Set<String> commands(MetricState m) {
        Set<String> c = new LinkedHashSet<>(Set.of("Get"));
        if (m.writable && !SparkplugStructures.isStructured(m.datatype)) { // structured values are read-only
            c.add("Replace");
            if (m.datatype == DataType.Boolean_VALUE) {
                c.add("Exec");
            }
        }
        return c;
    }

    private static boolean isPath(String name) {
        for (String segment : name.split("/", -1)) {
            if (!NodePath.isValidName(segment)) {
                return false;
            }
        }
        return true;
    }
}
