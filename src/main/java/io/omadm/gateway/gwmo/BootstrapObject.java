package io.omadm.gateway.gwmo;

import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_AUTH_TYPE;
import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_CLIENT_SECRET;
import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_PIN;
import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_SERVER_ADDR;
import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_SERVER_ID;
import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_SERVER_SECRET;
import static io.omadm.gateway.names.GwmoNames.BOOTSTRAP_TARGET;
import static io.omadm.gateway.names.GwmoNames.DEV_ID;
import static io.omadm.gateway.names.GwmoNames.OPERATIONS;
import static io.omadm.gateway.names.GwmoNames.SEND;
import static io.omadm.gateway.names.GwmoNames.STATUS;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.southbound.DeviceBootstrapper;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ./GwMO/Bootstrap/&lt;b&gt; (HLF-005/006, PMode-003): the server adds a request naming a device (DevId), whom to
 * bootstrap it to (Target: gateway, the default, or server) and optionally ServerId, AuthType and a Pin to sign the
 * message with; for Target server also ServerAddr, ClientSecret and ServerSecret. Exec Operations/Send bootstraps the
 * device; the Exec's status is the outcome and Status keeps it as text. Pin and the secrets are written, never read
 * (their ACL has no Get). Requests live in memory, at most {@value #MAX_REQUESTS}, as EDTrigger's do.
 */
public final class BootstrapObject implements ManagedObject {

    static final int MAX_REQUESTS = 1000;
    private static final Set<String> LEAVES = Set.of(DEV_ID, BOOTSTRAP_TARGET, BOOTSTRAP_SERVER_ID,
            BOOTSTRAP_AUTH_TYPE, BOOTSTRAP_PIN, BOOTSTRAP_SERVER_ADDR, BOOTSTRAP_CLIENT_SECRET,
            BOOTSTRAP_SERVER_SECRET);
    private static final Set<String> SECRETS = Set.of(BOOTSTRAP_PIN, BOOTSTRAP_CLIENT_SECRET,
            BOOTSTRAP_SERVER_SECRET);
    private static final String NO_GET = "Add=*&Replace=*";

    private final NodePath root;
    private final DeviceBootstrapper bootstrapper;
    private final Requests<Map<String, String>> requests = new Requests<>(MAX_REQUESTS, "bootstrap requests");
    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    public BootstrapObject(NodePath root, DeviceBootstrapper bootstrapper) {
        this.root = root;
        this.bootstrapper = bootstrapper;
    }

    @Override
    public Optional<Node> node(NodePath path) {
        List<String> rel = path.relativeTo(root);
        Map<String, String> r = requests.get(rel.get(0));
        if (r == null) {
            return Optional.empty();
        }
        if (rel.size() == 1 || rel.size() == 2 && rel.get(1).equals(OPERATIONS)) {
            return Optional.of(Node.interior(path, "", false));
        }
        if (rel.size() == 3 && rel.get(1).equals(OPERATIONS) && rel.get(2).equals(SEND)) {
            return Optional.of(Node.leaf(path, "", "chr", "text/plain", "", false));
        }
        if (rel.size() != 2) {
            return Optional.empty();
        }
        String leaf = rel.get(1);
        if (leaf.equals(STATUS)) {
            return Optional.of(Node.leaf(path, statuses.getOrDefault(rel.get(0), ""), "chr", "text/plain", "",
                    false));
        }
        return Optional.ofNullable(r.get(leaf)).map(v -> Node.leaf(path, v, "chr", "text/plain",
                SECRETS.contains(leaf) ? NO_GET : "", false));
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.isEmpty()) {
            return requests.names();
        }
        Map<String, String> r = requests.get(rel.get(0));
        if (r == null || rel.size() > 2) {
            return List.of();
        }
        if (rel.size() == 2) {
            return rel.get(1).equals(OPERATIONS) ? List.of(SEND) : List.of();
        }
        List<String> names = new ArrayList<>(r.keySet());
        names.add(OPERATIONS);
        names.add(STATUS);
        return names;
    }

    @Override
    public TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 1) {
            return requests.add(rel.get(0), ConcurrentHashMap::new);
        }
        if (Requests.isOperations(rel, SEND)) {
            return requests.get(rel.get(0)) != null ? TreeResult.of(StatusCode.OK)
                    : TreeResult.of(StatusCode.NOT_FOUND, "no bootstrap request " + rel.get(0));
        }
        return replace(path, value, format, type);
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        Map<String, String> r = requests.get(rel.get(0));
        if (r == null) {
            return TreeResult.of(StatusCode.NOT_FOUND, "no bootstrap request " + rel.get(0));
        }
        if (rel.size() != 2 || !LEAVES.contains(rel.get(1))) {
            return notAllowed();
        }
        String v = new String(value == null ? new byte[0] : value, StandardCharsets.UTF_8).trim();
        if (rel.get(1).equals(BOOTSTRAP_TARGET) && DeviceBootstrapper.Target.parse(v).isEmpty()) {
            return TreeResult.of(StatusCode.BAD_REQUEST, "Target is gateway or server, not '" + v + "'");
        }
        if (rel.get(1).equals(BOOTSTRAP_AUTH_TYPE) && AuthType.ofName(v).isEmpty()) {
            return TreeResult.of(StatusCode.BAD_REQUEST, "AuthType is basic, md5 or hmac, not '" + v + "'");
        }
        r.put(rel.get(1), v);
        return TreeResult.of(StatusCode.OK);
    }

    @Override
    public TreeResult delete(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() != 1) {
            return notAllowed();
        }
        statuses.remove(rel.get(0));
        return requests.delete(rel.get(0));
    }

    @Override
    public TreeResult exec(NodePath path, byte[] data, String correlator) {
        List<String> rel = path.relativeTo(root);
        Map<String, String> r = requests.get(rel.get(0));
        if (r == null || rel.size() != 3 || !rel.get(1).equals(OPERATIONS) || !rel.get(2).equals(SEND)) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Exec " + OPERATIONS + "/" + SEND
                    + " of a bootstrap request");
        }
        if (r.get(DEV_ID) == null) {
            statuses.put(rel.get(0), "412 DevId is needed before Send");
            return TreeResult.of(StatusCode.INCOMPLETE_COMMAND, "the bootstrap request needs DevId");
        }
        DeviceBootstrapper.Outcome o = bootstrapper.bootstrap(new DeviceBootstrapper.Request(r.get(DEV_ID),
                DeviceBootstrapper.Target.parse(r.get(BOOTSTRAP_TARGET)).orElse(DeviceBootstrapper.Target.GATEWAY),
                r.get(BOOTSTRAP_SERVER_ID), AuthType.ofName(r.get(BOOTSTRAP_AUTH_TYPE)).orElse(null),
                r.get(BOOTSTRAP_PIN), r.get(BOOTSTRAP_SERVER_ADDR), r.get(BOOTSTRAP_CLIENT_SECRET),
                r.get(BOOTSTRAP_SERVER_SECRET)));
        statuses.put(rel.get(0), o.status() + " " + o.message());
        return new TreeResult(o.status(), List.of(), o.message());
    }

    private static TreeResult notAllowed() {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "a bootstrap request holds " + LEAVES
                + ", Operations/Send (Exec) and Status (read-only)");
    }
}
