package io.omadm.gateway.security;

import io.omadm.gateway.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@link AccessStore} in the {@code app_user} and {@code api_token} tables (Flyway V12). */
public final class JdbcAccessStore implements AccessStore {

    private final DataSource db;

    public JdbcAccessStore(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<User> user(String name) {
        return Sql.transaction(db, "read user " + name, c -> users(c, "WHERE name = ?", name).stream().findFirst());
    }

    @Override
    public List<User> users() {
        return Sql.transaction(db, "read users", c -> users(c, "ORDER BY name"));
    }

    @Override
    public int userCount() {
        return Sql.transaction(db, "count users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public boolean createUser(String name, String passwordHash, Role role, long now) {
        return Sql.transaction(db, "create user " + name, c -> {
            if (!users(c, "WHERE name = ?", name).isEmpty()) {
                return false;
            }
            return update(c, "INSERT INTO app_user (name, password_hash, role, created) VALUES (?, ?, ?, ?)", name,
                    passwordHash, role.value(), now) == 1;
        });
    }

    @Override
    public boolean setPassword(String name, String passwordHash) {
        return Sql.transaction(db, "change the password of " + name, c ->
                update(c, "UPDATE app_user SET password_hash = ? WHERE name = ?", passwordHash, name) == 1);
    }

    @Override
    public boolean setRole(String name, Role role) {
        return Sql.transaction(db, "change the role of " + name, c -> {
            if (role != Role.ADMIN && lastAdmin(c, name)) {
                return false;
            }
            return update(c, "UPDATE app_user SET role = ? WHERE name = ?", role.value(), name) == 1;
        });
    }

    @Override
    public boolean deleteUser(String name) {
        return Sql.transaction(db, "delete user " + name, c ->
                !lastAdmin(c, name) && update(c, "DELETE FROM app_user WHERE name = ?", name) == 1);
    }

    /** Whether the user is an admin and no other is. */
    private static boolean lastAdmin(Connection c, String name) throws SQLException {
        List<User> admins = users(c, "WHERE role = ?", Role.ADMIN.value());
        return admins.size() == 1 && admins.get(0).name().equals(name);
    }

    @Override
    public boolean createToken(ApiToken t) {
        return Sql.transaction(db, "create token " + t.id(), c -> {
            if (!tokens(c, "WHERE id = ?", t.id()).isEmpty()) {
                return false;
            }
            return update(c, "INSERT INTO api_token (id, name, owner, role, hash, created, expires) VALUES (?, ?, ?,"
                    + " ?, ?, ?, ?)", t.id(), t.name(), t.owner(), t.role().value(), t.hash(), t.created(),
                    t.expires()) == 1;
        });
    }

    @Override
    public Optional<ApiToken> tokenByHash(String hash) {
        return Sql.transaction(db, "read a token", c -> tokens(c, "WHERE hash = ?", hash).stream().findFirst());
    }

    @Override
    public List<ApiToken> tokens() {
        return Sql.transaction(db, "read tokens", c -> tokens(c, "ORDER BY created, id"));
    }

    @Override
    public boolean revokeToken(String id) {
        return Sql.transaction(db, "revoke token " + id, c ->
                update(c, "UPDATE api_token SET revoked = TRUE WHERE id = ? AND revoked = FALSE", id) == 1);
    }

    private static List<User> users(Connection c, String where, Object... args) throws SQLException {
        List<User> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, password_hash, role, created, disabled"
                + " FROM app_user " + where)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3))
                            .orElse(Role.VIEWER), rs.getLong(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    private static List<ApiToken> tokens(Connection c, String where, Object... args) throws SQLException {
        List<ApiToken> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, owner, role, hash, created, expires, revoked"
                + " FROM api_token " + where)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long expires = rs.getLong(7);
                    Long expiry = rs.wasNull() ? null : expires;
                    out.add(new ApiToken(rs.getString(1), rs.getString(2), rs.getString(3),
                            Role.parse(rs.getString(4)).orElse(Role.VIEWER), rs.getString(5), rs.getLong(6), expiry,
                            rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            return ps.executeUpdate();
        }
    }
}
