package io.omadm.gateway.inventory;

import io.omadm.gateway.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The device groups of {@link JdbcDeviceStore}, in the {@code device_group} and {@code group_member} tables. */
final class JdbcGroups {

    private final DataSource db;

    JdbcGroups(DataSource db) {
        this.db = db;
    }

    private <T> T tx(String what, Sql.Work<T> work) {
        return Sql.transaction(db, what, work);
    }

    List<DeviceGroup> list() {
        return tx("list groups", c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM device_group ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<DeviceGroup> out = new ArrayList<>();
            for (String n : names) {
                group(c, n).ifPresent(out::add);
            }
            return out;
        });
    }

    Optional<DeviceGroup> find(String name) {
        return tx("read group " + name, c -> group(c, name));
    }

    private static Optional<DeviceGroup> group(Connection c, String name) throws SQLException {
        String display;
        try (PreparedStatement ps = c.prepareStatement("SELECT display_name FROM device_group WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                display = rs.getString(1);
            }
        }
        Map<String, String> members = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT member_node, dev_id FROM group_member"
                + " WHERE group_name = ? ORDER BY member_node")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return Optional.of(new DeviceGroup(name, display, members));
    }

    void save(String name, String displayName) {
        tx("save group " + name, c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE device_group SET display_name = ? WHERE name = ?")) {
                up.setString(1, displayName);
                up.setString(2, name);
                if (up.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO device_group (name, display_name, created)"
                    + " VALUES (?, ?, ?)")) {
                in.setString(1, name);
                in.setString(2, displayName);
                in.setLong(3, System.currentTimeMillis());
                in.executeUpdate();
            }
            return null;
        });
    }

    boolean delete(String name) {
        return tx("delete group " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_group WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    boolean addMember(String group, String memberNode, String devId) {
        return tx("add a member to group " + group, c -> {
            if (group(c, group).isEmpty() || group(c, group).get().members().containsKey(memberNode)) {
                return false;
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM device WHERE dev_id = ?")) {
                exists.setString(1, devId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO group_member (group_name, member_node,"
                    + " dev_id) VALUES (?, ?, ?)")) {
                ps.setString(1, group);
                ps.setString(2, memberNode);
                ps.setString(3, devId);
                ps.executeUpdate();
                return true;
            }
        });
    }

    boolean removeMember(String group, String memberNode) {
        return tx("remove a member from group " + group, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_member WHERE group_name = ?"
                    + " AND member_node = ?")) {
                ps.setString(1, group);
                ps.setString(2, memberNode);
                return ps.executeUpdate() > 0;
            }
        });
    }

    List<String> of(String devId) {
        return tx("read the groups of " + devId, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT group_name FROM group_member"
                    + " WHERE dev_id = ? ORDER BY group_name")) {
                ps.setString(1, devId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    Map<String, List<String>> of(Collection<String> devIds) {
        if (devIds.isEmpty()) {
            return Map.of();
        }
        return tx("read the groups of " + devIds.size() + " devices", c -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dev_id, group_name FROM group_member"
                    + " WHERE dev_id IN (" + Sql.marks(devIds.size()) + ") ORDER BY dev_id, group_name")) {
                Sql.bind(ps, devIds.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> groups = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                        if (!groups.contains(rs.getString(2))) {
                            groups.add(rs.getString(2));
                        }
                    }
                }
            }
            return out;
        });
    }
}
