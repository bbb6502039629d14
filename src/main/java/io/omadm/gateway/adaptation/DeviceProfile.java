package io.omadm.gateway.adaptation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A device type: its protocol and the tree its devices show under ./GwMO/DevInventory/&lt;x&gt;/Tree. */
public record DeviceProfile(String name, String protocol, Map<String, Point> points) {

    public DeviceProfile {
        points = new LinkedHashMap<>(points);
    }

    public Optional<Point> point(String path) {
        return Optional.ofNullable(points.get(path));
    }

    /** Whether a path is an interior node: some point lies below it ("" is the Tree root). */
    public boolean isInterior(String path) {
        String prefix = path.isEmpty() ? "" : path + "/";
        return points.keySet().stream().anyMatch(p -> p.startsWith(prefix) && !p.equals(path));
    }

    /** The names of the children of an interior path, in profile order. */
    public List<String> children(String path) {
        String prefix = path.isEmpty() ? "" : path + "/";
        List<String> names = new ArrayList<>();
        for (String p : points.keySet()) {
            if (p.startsWith(prefix) && !p.equals(path)) {
                String name = p.substring(prefix.length()).split("/")[0];
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
