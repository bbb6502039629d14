package io.omadm.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** Named gateway settings in the {@code gw_setting} table, read through a cache (they are read on hot paths). */
public final class Settings {

    private final DataSource db;
    /** Absent settings are cached too: a default (never stored) is read on hot paths as often as a stored one. */
    private final Map<String, Optional<String>> cache = new ConcurrentHashMap<>();

    public Settings(DataSource db) {
        this.db = db;
    }

    public Optional<String> get(String name) {
        Optional<String> cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM gw_setting WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<String> value = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                cache.put(name, value);
                return value;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read setting " + name + ": " + e.getMessage(), e);
        }
    }

    /** Durable when it returns. */
    public void put(String name, String value) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("UPDATE gw_setting SET setting_value = ? WHERE name = ?")) {
                up.setString(1, value);
                up.setString(2, name);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement(
                            "INSERT INTO gw_setting (name, setting_value) VALUES (?, ?)")) {
                        in.setString(1, name);
                        in.setString(2, value);
                        in.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store setting " + name + ": " + e.getMessage(), e);
        }
        cache.put(name, Optional.of(value));
    }
}
