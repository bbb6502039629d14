package io.omadm.gateway.inventory;

import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Devices and groups in the {@code device}, {@code device_group} and {@code group_member} tables. */
public final class JdbcDeviceStore implements DeviceStore {

    private static final String COLUMNS = "dev_id, node_name, local_id, man, model, fw_v, mode, protocol, status,"
            + " address, public_address, last_seen, server_ids, profile, auth_name, auth_secret";

    /** A device's DM secret (the one it proves itself with), sealed at rest. */
    public static final SecretColumn SECRETS = new SecretColumn("device", "dev_id", "auth_secret", false, null);

    private final DataSource db;
    private final SecretSealer sealer;
    private final JdbcGroups groups;

    public JdbcDeviceStore(DataSource db, SecretSealer sealer) {
        this.db = db;
        this.sealer = sealer;
        this.groups = new JdbcGroups(db);
    }

    private <T> T tx(String what, Sql.Work<T> work) {
        return Sql.transaction(db, what, work);
    }

    @Override
    public Optional<DeviceRecord> find(String devId) {
        return one("SELECT " + COLUMNS + " FROM device WHERE dev_id = ?", devId);
    }

    @Override
    public Map<String, DeviceRecord> find(Collection<String> devIds) {
        if (devIds.isEmpty()) {
            return Map.of();
        }
        return tx("read " + devIds.size() + " devices", c -> {
            Map<String, DeviceRecord> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device WHERE dev_id IN ("
                    + Sql.marks(devIds.size()) + ")")) {
                Sql.bind(ps, devIds.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DeviceRecord r = record(rs);
                        out.put(r.devId(), r);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<DeviceRecord> findByNodeName(String nodeName) {
        return one("SELECT " + COLUMNS + " FROM device WHERE node_name = ?", nodeName);
    }

    private Optional<DeviceRecord> one(String sql, String key) {
        return tx("read a device", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(DeviceRecord r) {
        saveAll(List.of(r));
    }

    @Override
    public void saveAll(Collection<DeviceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        String what = records.size() == 1 ? "save device " + records.iterator().next().devId()
                : "save " + records.size() + " devices";
        tx(what, c -> {
            // update first: a delete would cascade away the device's group memberships
            try (PreparedStatement up = c.prepareStatement("UPDATE device SET node_name = ?, local_id = ?, man = ?,"
                    + " model = ?, fw_v = ?, mode = ?, protocol = ?, status = ?, address = ?, public_address = ?,"
                    + " last_seen = ?, server_ids = ?, profile = ?, auth_name = ?, auth_secret = ? WHERE dev_id = ?");
                    PreparedStatement in = c.prepareStatement("INSERT INTO device (node_name, local_id, man, model,"
                            + " fw_v, mode, protocol, status, address, public_address, last_seen, server_ids, profile,"
                            + " auth_name, auth_secret, dev_id, created)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DeviceRecord r : records) {
                    bind(up, r, 1);
                    up.setString(16, r.devId());
                    if (up.executeUpdate() == 0) {
                        bind(in, r, 1);
                        in.setString(16, r.devId());
                        in.setLong(17, System.currentTimeMillis());
                        in.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void touch(Map<String, Long> lastSeen) {
        tx("record when " + lastSeen.size() + " devices were seen", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE device SET last_seen = ? WHERE dev_id = ?"
                    + " AND status = ? AND (last_seen IS NULL OR last_seen < ?)")) {
                for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.setString(3, Presence.ATTACHED.value());
                    ps.setLong(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private void bind(PreparedStatement ps, DeviceRecord r, int i) throws SQLException {
        ps.setString(i, r.nodeName());
        ps.setBoolean(i + 1, r.localId());
        nullable(ps, i + 2, r.man());
        nullable(ps, i + 3, r.model());
        nullable(ps, i + 4, r.fwV());
        ps.setString(i + 5, r.mode().value());
        nullable(ps, i + 6, r.protocol());
        ps.setString(i + 7, r.status().value());
        nullable(ps, i + 8, r.address());
        nullable(ps, i + 9, r.publicAddress());
        if (r.lastSeen() == null) {
            ps.setNull(i + 10, Types.BIGINT);
        } else {
            ps.setLong(i + 10, r.lastSeen().toEpochMilli());
        }
        ps.setString(i + 11, String.join(",", r.serverIds()));
        nullable(ps, i + 12, r.profile());
        nullable(ps, i + 13, r.authName());
        nullable(ps, i + 14, sealer.seal(r.authSecret()));
    }

    private static void nullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private DeviceRecord record(ResultSet rs) throws SQLException {
        long seen = rs.getLong(12);
        Instant lastSeen = rs.wasNull() ? null : Instant.ofEpochMilli(seen);
        String ids = rs.getString(13);
        Set<String> serverIds = ids == null || ids.isEmpty() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(ids.split(",")));
        return new DeviceRecord(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Mode.parse(rs.getString(7)).orElseThrow(), rs.getString(8),
                Presence.parse(rs.getString(9)).orElseThrow(), rs.getString(10), rs.getString(11), lastSeen,
                serverIds, rs.getString(14), rs.getString(15), sealer.open(rs.getString(16)));
    }

    @Override
    public boolean delete(String devId) {
        return tx("delete device " + devId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM device WHERE dev_id = ?")) {
                ps.setString(1, devId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Page<DeviceRecord> list(DeviceFilter f, int offset, int limit) {
        List<String> args = new ArrayList<>();
        String where = where(f, args);
        return tx("list devices", c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM device" + where)) {
                bindAll(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DeviceRecord> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device" + where
                    + " ORDER BY dev_id LIMIT ? OFFSET ?")) {
                bindAll(ps, args);
                ps.setInt(args.size() + 1, limit);
                ps.setInt(args.size() + 2, offset);
                readAll(ps, items);
            }
            return new Page<>(items, total, offset, limit);
        });
    }

    @Override
    public List<DeviceRecord> listAfter(DeviceFilter f, String after, int limit) {
        List<String> args = new ArrayList<>();
        String where = where(f, args);
        if (after != null) {
            args.add(after);
        }
        return tx("list devices", c -> {
            List<DeviceRecord> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device" + where
                    + (after != null ? " AND dev_id > ?" : "") + " ORDER BY dev_id LIMIT ?")) {
                bindAll(ps, args);
                ps.setInt(args.size() + 1, limit);
                readAll(ps, items);
            }
            return items;
        });
    }

    /** The WHERE clause of a filter; its arguments are added to {@code args}. */
    private static String where(DeviceFilter f, List<String> args) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (f.status() != null) {
            where.append(" AND status = ?");
            args.add(f.status().value());
        }
        if (f.mode() != null) {
            where.append(" AND mode = ?");
            args.add(f.mode().value());
        }
        if (f.model() != null) {
            where.append(" AND model = ?");
            args.add(f.model());
        }
        if (f.group() != null) {
            where.append(" AND dev_id IN (SELECT dev_id FROM group_member WHERE group_name = ?)");
            args.add(f.group());
        }
        if (f.protocol() != null) {
            where.append(" AND protocol = ?");
            args.add(f.protocol());
        }
        if (f.text() != null && !f.text().isBlank()) {
            // a part of the text, its own % and _ taken literally
            String like = "%" + f.text().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (LOWER(dev_id) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(man, '')) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(COALESCE(model, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(address, '')) LIKE ?"
                    + " ESCAPE '\\')");
            args.addAll(Collections.nCopies(4, like));
        }
        return where.toString();
    }

    private void readAll(PreparedStatement ps, List<DeviceRecord> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(record(rs));
            }
        }
    }

    private static void bindAll(PreparedStatement ps, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setString(i + 1, args.get(i));
        }
    }

    @Override
    public InventorySummary summary() {
        return tx("summarise the inventory", c -> {
            Map<String, Long> byStatus = counts(c, "status");
            Map<String, Long> byMode = counts(c, "mode");
            Map<String, Long> byModel = counts(c, "model");
            long attached = byStatus.getOrDefault(Presence.ATTACHED.value(), 0L);
            long detached = byStatus.getOrDefault(Presence.DETACHED.value(), 0L);
            long pending = byStatus.getOrDefault(Presence.PENDING.value(), 0L);
            return new InventorySummary(attached + detached + pending, attached, detached, pending, byMode, byModel);
        });
    }

    private static Map<String, Long> counts(Connection c, String column) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM device GROUP BY "
                + column + " ORDER BY " + column);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1) == null ? "unknown" : rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    @Override
    public List<DeviceRecord> attachedNotSeenSince(long epochMillis) {
        return tx("find silent devices", c -> {
            List<DeviceRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device WHERE status = ?"
                    + " AND (last_seen IS NULL OR last_seen < ?)")) {
                ps.setString(1, Presence.ATTACHED.value());
                ps.setLong(2, epochMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<DeviceGroup> groups() {
        return groups.list();
    }

    @Override
    public Optional<DeviceGroup> group(String name) {
        return groups.find(name);
    }

    @Override
    public void saveGroup(String name, String displayName) {
        groups.save(name, displayName);
    }

    @Override
    public boolean deleteGroup(String name) {
        return groups.delete(name);
    }

    @Override
    public boolean addMember(String group, String memberNode, String devId) {
        return groups.addMember(group, memberNode, devId);
    }

    @Override
    public boolean removeMember(String group, String memberNode) {
        return groups.removeMember(group, memberNode);
    }

    @Override
    public List<String> groupsOf(String devId) {
        return groups.of(devId);
    }

    @Override
    public Map<String, List<String>> groupsOf(Collection<String> devIds) {
        return groups.of(devIds);
    }
}
