package io.omadm.gateway.gwmo;

import io.omadm.gateway.adaptation.DeviceProfile;
import io.omadm.gateway.adaptation.Dispatcher;
import io.omadm.gateway.inventory.DeviceFilter;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.NodeNames;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.southbound.ProxyRelay;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * ./GwMO/DevInventory/&lt;x&gt; (GwMO-DI-001/003, B.6): one interior node per device with its facts as leaves. The
 * server adds a device (Add &lt;x&gt;, then Add of its Mode, Protocol, Address, ... while they are unset), changes its
 * Mode (GwMO-MOO-001; the other facts are read-only), and deletes it. AuthName and AuthSecret, the gateway's
 * credentials towards the device, can be written but never read (their ACL has no Get).
 */
public final class DevInventoryObject implements ManagedObject {

    private enum Fact {
        DevId(DeviceRecord::devId, false),
        Man(DeviceRecord::man, true),
        Mod(DeviceRecord::model, true),
        FwV(DeviceRecord::fwV, true),
        Mode(d -> d.mode().value(), true),
        Protocol(DeviceRecord::protocol, true),
        Status(d -> d.status().value(), false),
        Address(DeviceRecord::address, true),
        PublicAddress(DeviceRecord::publicAddress, true),
        LastSeen(d -> d.lastSeen() == null ? null : d.lastSeen().toString(), false),
        ServerIds(d -> d.serverIds().isEmpty() ? null : String.join(",", d.serverIds()), true),
        Groups(d -> null, false),
        AuthName(DeviceRecord::authName, true),
        AuthSecret(DeviceRecord::authSecret, true);

        final Function<DeviceRecord, String> read;
        final boolean addable;

        Fact(Function<DeviceRecord, String> read, boolean addable) {
            this.read = read;
            this.addable = addable;
        }

        static Optional<Fact> of(String name) {
            for (Fact f : values()) {
                if (f.name().equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** Write-only: the server may set the device credentials but never read them back. */
    private static final String NO_GET = "Add=*&Replace=*";

    private final NodePath root;
    private final Inventory inventory;
    private final Dispatcher dispatcher;
    private final ProxyRelay relay;

    /** @param relay for proxy-mode devices (B.3); null: their Tree is not served */
    public DevInventoryObject(NodePath root, Inventory inventory, Dispatcher dispatcher, ProxyRelay relay) {
        this.root = root;
        this.inventory = inventory;
        this.dispatcher = dispatcher;
        this.relay = relay;
    }

    /** The path below &lt;x&gt;/Tree ("" for Tree itself), or null when the path is not in a device's Tree. */
    private String treePath(NodePath path) {
        if (path.depth() < root.depth() + 2
                || !path.segments().get(root.depth() + 1).equals(GwmoNames.DEVICE_TREE)) {
            return null;
        }
        return String.join("/", path.segments().subList(root.depth() + 2, path.depth()));
    }

    private Optional<DeviceProfile> profile(DeviceRecord d) {
        return dispatcher.profileOf(d);
    }

    /**
     * The device's own tree: as its profile maps it (adaptation, DESIGN §3.3, §3.4), or, for a proxy-mode device,
     * whatever the device holds: every path is relayed to it and the device says whether it exists.
     */
    private Optional<Node> treeNode(NodePath path, DeviceRecord d, String rel) {
        if (d.mode() == Mode.PROXY && relay != null) {
            return Optional.of(rel.isEmpty() ? Node.interior(path, "", true) : new Node(path, false, null, "chr",
                    "text/plain", "", null, System.currentTimeMillis(), 0, true));
        }
        Optional<DeviceProfile> p = profile(d);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        if (rel.isEmpty() || p.get().isInterior(rel)) {
            return Optional.of(Node.interior(path, "", true));
        }
        // Title and TStamp as the profile knows them (units; the time of the value's last change)
        return p.get().point(rel).map(pt -> new Node(path, false, null, "b64".equals(pt.format()) ? "bin"
                : pt.format(), "text/plain", "", pt.title(), pt.changed() > 0 ? pt.changed()
                : System.currentTimeMillis(), 0, true));
    }

    private TreeResult dispatch(String command, NodePath path, byte[] value, String correlator) {
        DeviceRecord d = device(path).orElseThrow();
        if (d.mode() == Mode.PROXY && relay != null) {
            ProxyRelay.Outcome o = relay.run(d.devId(), command, "./" + treePath(path), value, null,
                    path.toString(), correlator);
            if (o.status() == StatusCode.OK.code() && command.equals("Get") && o.value() != null) {
                return TreeResult.ok(List.of(new TreeResult.Value(path.toString(), "chr", "text/plain", o.value())));
            }
            return new TreeResult(o.status(), List.of(), o.message());
        }
        if (d.mode() != Mode.ADAPTATION) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, d.devId() + " is in " + d.mode().value()
                    + " mode; its Tree is served in adaptation and proxy modes only");
        }
        return dispatcher.run(command, d, treePath(path), value, path.toString());
    }

    /** A device's Tree: its adapter or its next session answers, outside the tree's lock. */
    @Override
    public boolean reachesDevice(NodePath path) {
        return treePath(path) != null;
    }

    @Override
    public Optional<TreeResult> read(NodePath path) {
        return treePath(path) == null ? Optional.empty() : Optional.of(dispatch("Get", path, null, null));
    }

    @Override
    public TreeResult exec(NodePath path, byte[] data, String correlator) {
        return treePath(path) == null
                ? TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, path + " is not executable")
                : dispatch("Exec", path, data, correlator);
    }

    private Optional<DeviceRecord> device(NodePath path) {
        return inventory.store().findByNodeName(path.segments().get(root.depth()));
    }

    @Override
    public Optional<Node> node(NodePath path) {
        Optional<DeviceRecord> d = device(path);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        if (path.depth() == root.depth() + 1) {
            return Optional.of(Node.interior(path, "", false));
        }
        String rel = treePath(path);
        if (rel != null) {
            return treeNode(path, d.get(), rel);
        }
        if (path.depth() != root.depth() + 2) {
            return Optional.empty();
        }
        return Fact.of(path.name()).flatMap(f -> {
            String v = f == Fact.Groups ? groups(d.get()) : f.read.apply(d.get());
            if (v == null) {
                return Optional.empty(); // unset: the server may Add it
            }
            boolean secret = f == Fact.AuthName || f == Fact.AuthSecret;
            return Optional.of(Node.leaf(path, v, "chr", "text/plain", secret ? NO_GET : "", false));
        });
    }

    private String groups(DeviceRecord d) {
        List<String> g = inventory.store().groupsOf(d.devId());
        return g.isEmpty() ? null : String.join(",", g);
    }

    @Override
    public List<String> children(NodePath path) {
        if (path.equals(root)) {
            return inventory.store().list(DeviceFilter.ALL, 0, Integer.MAX_VALUE).items()
                    .stream().map(DeviceRecord::nodeName).toList();
        }
        String rel = treePath(path);
        if (rel != null) {
            return device(path).flatMap(this::profile).map(p -> p.children(rel)).orElse(List.of());
        }
        List<String> names = new ArrayList<>();
        if (path.depth() == root.depth() + 1) {
            for (Fact f : Fact.values()) {
                if (node(path.child(f.name())).isPresent()) {
                    names.add(f.name());
                }
            }
            if (node(path.child(GwmoNames.DEVICE_TREE)).isPresent()) {
                names.add(GwmoNames.DEVICE_TREE);
            }
        }
        return names;
    }

    @Override
    public TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        if (treePath(path) != null) {
            return dispatch("Add", path, value, null);
        }
        if (path.depth() == root.depth() + 1) {
            if (!interior) {
                return TreeResult.of(StatusCode.BAD_REQUEST, "a device is an interior node (Format node)");
            }
            inventory.register(Registration.of(NodeNames.devId(path.name()), null, null, null));
            return TreeResult.of(StatusCode.OK);
        }
        Optional<DeviceRecord> d = device(path);
        Optional<Fact> fact = Fact.of(path.name());
        if (d.isEmpty() || path.depth() != root.depth() + 2) {
            return TreeResult.of(StatusCode.NOT_FOUND, "no device " + path.parent());
        }
        if (fact.isEmpty() || !fact.get().addable) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, path.name() + " is not a fact the server sets");
        }
        return set(d.get(), fact.get(), new String(value, StandardCharsets.UTF_8).trim());
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        if (treePath(path) != null) {
            return dispatch("Replace", path, value, null);
        }
        Optional<Fact> fact = Fact.of(path.name());
        if (fact.isEmpty() || (fact.get() != Fact.Mode && fact.get() != Fact.AuthName
                && fact.get() != Fact.AuthSecret)) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, path.name() + " is read-only; only Mode changes");
        }
        return set(device(path).orElseThrow(), fact.get(), new String(value, StandardCharsets.UTF_8).trim());
    }

    private TreeResult set(DeviceRecord d, Fact f, String v) {
        switch (f) {
            case Mode -> {
                Optional<Mode> mode = Mode.parse(v);
                if (mode.isEmpty()) {
                    return TreeResult.of(StatusCode.BAD_REQUEST, "Mode is transparent, proxy or adaptation, not '"
                            + v + "'");
                }
                inventory.changeMode(d.devId(), mode.get());
            }
            case ServerIds -> inventory.register(new Registration(d.devId(), null, null, null, null, null, null, null,
                    null, new LinkedHashSet<>(List.of(v.split(","))), null, null));
            case AuthName -> inventory.register(new Registration(d.devId(), null, null, null, null, null, null, null,
                    null, Set.of(), v, d.authSecret()));
            case AuthSecret -> inventory.register(new Registration(d.devId(), null, null, null, null, null, null, null,
                    null, Set.of(), d.authName(), v));
            default -> inventory.register(new Registration(d.devId(), f == Fact.Man ? v : null,
                    f == Fact.Mod ? v : null, f == Fact.FwV ? v : null, null, f == Fact.Protocol ? v : null,
                    f == Fact.Address ? v : null, f == Fact.PublicAddress ? v : null, null, Set.of(), null, null));
        }
        return TreeResult.of(StatusCode.OK);
    }

    @Override
    public TreeResult delete(NodePath path) {
        if (treePath(path) != null) {
            return dispatch("Delete", path, null, null);
        }
        if (path.depth() != root.depth() + 1) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "a device's facts are not deleted one by one");
        }
        return inventory.remove(device(path).orElseThrow().devId())
                ? TreeResult.of(StatusCode.OK) : TreeResult.of(StatusCode.NOT_FOUND);
    }
}
