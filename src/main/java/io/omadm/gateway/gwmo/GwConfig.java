package io.omadm.gateway.gwmo;

import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.persistence.Settings;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * ./GwMO/GwConfig (GwMO-MOO-001, DI-005, DCIS-003): the gateway settings the DM server reads and replaces. Each
 * value is checked before it is kept: a bad one is a 400 naming what is allowed.
 */
public final class GwConfig implements ManagedObject {

    private record Leaf(String format, String defaultValue, Predicate<String> valid, String allowed) {
    }

    private static final Map<String, Leaf> LEAVES = new LinkedHashMap<>();

    static {
        LEAVES.put(GwmoNames.DEFAULT_MODE, new Leaf("chr", Mode.ADAPTATION.value(), v -> Mode.parse(v).isPresent(),
                "transparent, proxy or adaptation"));
        LEAVES.put(GwmoNames.NEW_DEVICE_ALERT, new Leaf("bool", "true", GwConfig::isBool, "true or false"));
        LEAVES.put(GwmoNames.PRESENCE_ALERT, new Leaf("bool", "false", GwConfig::isBool, "true or false"));
        LEAVES.put(GwmoNames.IMAGE_STORAGE, new Leaf("bool", "true", GwConfig::isBool, "true or false"));
        LEAVES.put(GwmoNames.IMAGE_QUOTA_MB, new Leaf("int", "1024", GwConfig::isCount, "a whole number of MB"));
    }

    private final NodePath root;
    private final Settings settings;

    public GwConfig(NodePath root, Settings settings) {
        this.root = root;
        this.settings = settings;
    }

    public Mode defaultMode() {
        return Mode.parse(value(GwmoNames.DEFAULT_MODE)).orElse(Mode.ADAPTATION);
    }

    public boolean newDeviceAlert() {
        return Boolean.parseBoolean(value(GwmoNames.NEW_DEVICE_ALERT));
    }

    public boolean presenceAlert() {
        return Boolean.parseBoolean(value(GwmoNames.PRESENCE_ALERT));
    }

    public boolean imageStorage() {
        return Boolean.parseBoolean(value(GwmoNames.IMAGE_STORAGE));
    }

    public long imageQuotaMb() {
        return Long.parseLong(value(GwmoNames.IMAGE_QUOTA_MB));
    }

    private String value(String name) {
        return settings.get("GwConfig/" + name).orElse(LEAVES.get(name).defaultValue());
    }

    @Override
    public Optional<Node> node(NodePath path) {
        if (path.depth() != root.depth() + 1 || !LEAVES.containsKey(path.name())) {
            return Optional.empty();
        }
        return Optional.of(Node.leaf(path, value(path.name()), LEAVES.get(path.name()).format(), "text/plain", "",
                true));
    }

    @Override
    public List<String> children(NodePath path) {
        return path.equals(root) ? List.copyOf(LEAVES.keySet()) : List.of();
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        Leaf leaf = LEAVES.get(path.name());
        String v = new String(value, StandardCharsets.UTF_8).trim();
        if (!leaf.valid().test(v)) {
            return TreeResult.of(StatusCode.BAD_REQUEST, path + " is " + leaf.allowed() + ", not '" + v + "'");
        }
        settings.put("GwConfig/" + path.name(), v.toLowerCase(Locale.ROOT));
        return TreeResult.of(StatusCode.OK);
    }

    private static boolean isBool(String v) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    private static boolean isCount(String v) {
        try {
            return Long.parseLong(v) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
