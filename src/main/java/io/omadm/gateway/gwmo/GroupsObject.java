package io.omadm.gateway.gwmo;

import io.omadm.gateway.inventory.DeviceGroup;
import io.omadm.gateway.inventory.DeviceStore;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ./GwMO/Groups/&lt;g&gt;/{Name, Members/&lt;n&gt;/DevId} (GwMO-Group-001): the server adds, renames (Replace Name) and
 * deletes groups and members. A member node added without its DevId waits in memory until the DevId is added.
 */
public final class GroupsObject implements ManagedObject {

    private final NodePath root;
    private final DeviceStore store;
    private final Set<String> pendingMembers = ConcurrentHashMap.newKeySet();

    public GroupsObject(NodePath root, DeviceStore store) {
        this.root = root;
        this.store = store;
    }

    @Override
    public Optional<Node> node(NodePath path) {
        List<String> rel = path.relativeTo(root);
        Optional<DeviceGroup> g = store.group(rel.get(0));
        if (g.isEmpty()) {
            return Optional.empty();
        }
        switch (rel.size()) {
            case 1:
                return Optional.of(Node.interior(path, "", false));
            case 2:
                if (rel.get(1).equals("Name")) {
                    return Optional.of(Node.leaf(path, g.get().displayName(), "chr", "text/plain", "", false));
                }
                return rel.get(1).equals("Members") ? Optional.of(Node.interior(path, "", true)) : Optional.empty();
            case 3:
                return rel.get(1).equals("Members") && (g.get().members().containsKey(rel.get(2))
                        || pendingMembers.contains(key(rel.get(0), rel.get(2))))
                        ? Optional.of(Node.interior(path, "", false)) : Optional.empty();
            case 4:
                String devId = rel.get(1).equals("Members") && rel.get(3).equals("DevId")
                        ? g.get().members().get(rel.get(2)) : null;
                return devId == null ? Optional.empty()
                        : Optional.of(Node.leaf(path, devId, "chr", "text/plain", "", false));
            default:
                return Optional.empty();
        }
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.isEmpty()) {
            return store.groups().stream().map(DeviceGroup::name).toList();
        }
        Optional<DeviceGroup> g = store.group(rel.get(0));
        if (g.isEmpty()) {
            return List.of();
        }
        if (rel.size() == 1) {
            return List.of("Name", "Members");
        }
        if (rel.size() == 2 && rel.get(1).equals("Members")) {
            List<String> names = new ArrayList<>(g.get().members().keySet());
            pendingMembers.stream().filter(k -> k.startsWith(rel.get(0) + "/"))
                    .map(k -> k.substring(rel.get(0).length() + 1)).filter(n -> !names.contains(n))
                    .forEach(names::add);
            return names;
        }
        if (rel.size() == 3 && g.get().members().containsKey(rel.get(2))) {
            return List.of("DevId");
        }
        return List.of();
    }

    @Override
    public TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 1) {
            store.saveGroup(rel.get(0), rel.get(0));
            return TreeResult.of(StatusCode.OK);
        }
        if (store.group(rel.get(0)).isEmpty()) {
            return TreeResult.of(StatusCode.NOT_FOUND, "no group " + rel.get(0));
        }
        if (rel.size() == 3 && rel.get(1).equals("Members") && interior) {
            pendingMembers.add(key(rel.get(0), rel.get(2)));
            return TreeResult.of(StatusCode.OK);
        }
        if (rel.size() == 4 && rel.get(1).equals("Members") && rel.get(3).equals("DevId")) {
            String devId = new String(value, StandardCharsets.UTF_8).trim();
            if (store.addMember(rel.get(0), rel.get(2), devId)) {
                pendingMembers.remove(key(rel.get(0), rel.get(2)));
                return TreeResult.of(StatusCode.OK);
            }
            return TreeResult.of(StatusCode.NOT_FOUND, "no device " + devId + " to put in group " + rel.get(0));
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "a group holds Name and Members/<n>/DevId only");
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 2 && rel.get(1).equals("Name")) {
            store.saveGroup(rel.get(0), new String(value, StandardCharsets.UTF_8).trim());
            return TreeResult.of(StatusCode.OK);
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "only a group's Name can be replaced");
    }

    @Override
    public TreeResult delete(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 1) {
            return store.deleteGroup(rel.get(0)) ? TreeResult.of(StatusCode.OK) : TreeResult.of(StatusCode.NOT_FOUND);
        }
        if (rel.size() == 3 && rel.get(1).equals("Members")) {
            boolean pending = pendingMembers.remove(key(rel.get(0), rel.get(2)));
            return store.removeMember(rel.get(0), rel.get(2)) || pending
                    ? TreeResult.of(StatusCode.OK) : TreeResult.of(StatusCode.NOT_FOUND);
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "delete a group or a member");
    }

    private static String key(String group, String member) {
        return group + "/" + member;
    }
}
