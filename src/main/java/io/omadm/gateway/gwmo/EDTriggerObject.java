package io.omadm.gateway.gwmo;

import static io.omadm.gateway.names.GwmoNames.DEV_ID;
import static io.omadm.gateway.names.GwmoNames.NOTIFICATION;
import static io.omadm.gateway.names.GwmoNames.OPERATIONS;
import static io.omadm.gateway.names.GwmoNames.SEND;
import static io.omadm.gateway.names.GwmoNames.STATUS;

import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.transparent.TriggerForwarder;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * ./GwMO/EDTrigger/&lt;t&gt;/{DevId, Notification, Operations/Send, Status} (GwMO-TMode-001): the server adds a
 * trigger naming a transparent-mode device and the Package 0 for it (b64, or base64 text in a chr leaf), then Execs
 * Operations/Send; the Exec's status is the forwarder's outcome (200, 404, 405, 400, 401, 403, 500) and Status keeps
 * it as text. Triggers are requests, not records: they live in memory, at most {@value #MAX_TRIGGERS} at a time
 * (more: 420), and a restart forgets them.
 */
public final class EDTriggerObject implements ManagedObject {

    static final int MAX_TRIGGERS = 1000;

    private final NodePath root;
    private final TriggerForwarder forwarder;
    private final Requests<Trigger> triggers = new Requests<>(MAX_TRIGGERS, "triggers");

    private static final class Trigger {
        volatile String devId;
        volatile byte[] notification;
        volatile String status = "";
    }

    public EDTriggerObject(NodePath root, TriggerForwarder forwarder) {
        this.root = root;
        this.forwarder = forwarder;
    }

    @Override
    public Optional<Node> node(NodePath path) {
        List<String> rel = path.relativeTo(root);
        Trigger t = triggers.get(rel.get(0));
        if (t == null) {
            return Optional.empty();
        }
        String leaf = rel.size() > 1 ? rel.get(1) : null;
        if (rel.size() == 1 || rel.size() == 2 && leaf.equals(OPERATIONS)) {
            return Optional.of(Node.interior(path, "", false));
        }
        if (rel.size() == 3 && leaf.equals(OPERATIONS) && rel.get(2).equals(SEND)) {
            return Optional.of(Node.leaf(path, "", "chr", "text/plain", "", false));
        }
        if (rel.size() != 2) {
            return Optional.empty();
        }
        return switch (leaf) {
            case DEV_ID -> Optional.ofNullable(t.devId).map(v -> Node.leaf(path, v, "chr", "text/plain", "", false));
            case STATUS -> Optional.of(Node.leaf(path, t.status, "chr", "text/plain", "", false));
            case NOTIFICATION -> Optional.ofNullable(t.notification).map(v -> new Node(path, false, v, "bin",
                    Package0.MEDIA_TYPE, "", null, System.currentTimeMillis(), 0, false));
            default -> Optional.empty();
        };
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.isEmpty()) {
            return triggers.names();
        }
        Trigger t = triggers.get(rel.get(0));
        if (t == null) {
            return List.of();
        }
        if (rel.size() == 2 && rel.get(1).equals(OPERATIONS)) {
            return List.of(SEND);
        }
        if (rel.size() > 1) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (t.devId != null) {
            names.add(DEV_ID);
        }
        if (t.notification != null) {
            names.add(NOTIFICATION);
        }
        names.add(OPERATIONS);
        names.add(STATUS);
        return names;
    }

    @Override
    public TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 1) {
            return triggers.add(rel.get(0), Trigger::new);
        }
        Trigger t = triggers.get(rel.get(0));
        if (t == null) {
            return TreeResult.of(StatusCode.NOT_FOUND, "no trigger " + rel.get(0));
        }
        if (Requests.isOperations(rel, SEND)) {
            return TreeResult.of(StatusCode.OK); // always there; a server that adds them explicitly is not wrong
        }
        return rel.size() == 2 ? set(t, rel.get(1), value, format) : notAllowed();
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        Trigger t = triggers.get(rel.get(0));
        return t == null || rel.size() != 2 ? notAllowed() : set(t, rel.get(1), value, format);
    }

    private static TreeResult set(Trigger t, String leaf, byte[] value, String format) {
        switch (leaf) {
            case DEV_ID -> t.devId = new String(value, StandardCharsets.UTF_8).trim();
            case NOTIFICATION -> {
                byte[] bytes = notification(value, format);
                if (bytes == null) {
                    return TreeResult.of(StatusCode.BAD_REQUEST, "Notification is a Package 0: b64 or bin, or "
                            + "base64 text");
                }
                t.notification = bytes;
            }
            default -> {
                return notAllowed();
            }
        }
        return TreeResult.of(StatusCode.OK);
    }

    /** b64 arrives decoded (bin in the tree); a chr leaf may carry the base64 text itself. */
    private static byte[] notification(byte[] value, String format) {
        if (!"chr".equals(format)) {
            return value;
        }
        try {
            return Base64.getMimeDecoder().decode(new String(value, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public TreeResult delete(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() != 1) {
            return notAllowed();
        }
        return triggers.delete(rel.get(0));
    }

    @Override
    public TreeResult exec(NodePath path, byte[] data, String correlator) {
        List<String> rel = path.relativeTo(root);
        Trigger t = triggers.get(rel.get(0));
        if (t == null || rel.size() != 3 || !rel.get(1).equals(OPERATIONS) || !rel.get(2).equals(SEND)) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Exec " + OPERATIONS + "/" + SEND + " of a trigger");
        }
        if (t.devId == null || t.notification == null) {
            t.status = "412 DevId and Notification are needed before Send";
            return TreeResult.of(StatusCode.INCOMPLETE_COMMAND, "the trigger needs DevId and Notification");
        }
        TriggerForwarder.Outcome o = forwarder.forward(t.devId, t.notification, "EDTrigger " + rel.get(0));
        t.status = o.status() + " " + o.message();
        return new TreeResult(o.status(), List.of(), o.message());
    }

    private static TreeResult notAllowed() {
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED,
                "a trigger holds DevId, Notification, Operations/Send (Exec) and Status (read-only)");
    }
}
