package io.omadm.gateway.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seals, under the sealer's current key, every stored secret that is not sealed under it yet: secrets written before
 * they were sealed (schema 13) and secrets sealed under a key being rotated out. One pass over the declared
 * {@link SecretColumn}s on the caller's connection, so that it commits or rolls back as one.
 */
public final class Reseal {

    private Reseal() {
    }

    /** How many stored values were sealed anew. */
    public static int all(Connection c, SecretSealer sealer, List<SecretColumn> columns) throws SQLException {
        int changed = 0;
        for (SecretColumn col : columns) {
            changed += column(c, sealer, col);
        }
        return changed;
    }

    private static int column(Connection c, SecretSealer sealer, SecretColumn col) throws SQLException {
        List<Map.Entry<Object, byte[]>> resealed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col.key() + ", " + col.column() + " FROM "
                + col.table() + " WHERE " + col.column() + " IS NOT NULL"
                + (col.rows() == null ? "" : " AND (" + col.rows() + ")"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] stored = col.binary() ? rs.getBytes(2) : rs.getString(2).getBytes(StandardCharsets.UTF_8);
                if (!sealer.isCurrent(stored)) {
                    resealed.add(Map.entry(rs.getObject(1), sealer.seal(sealer.open(stored)))); // a key of any type
                }
            }
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE " + col.table() + " SET " + col.column() + " = ? WHERE "
                + col.key() + " = ?")) {
            for (Map.Entry<Object, byte[]> e : resealed) {
                if (col.binary()) {
                    up.setBytes(1, e.getValue());
                } else {
                    up.setString(1, new String(e.getValue(), StandardCharsets.US_ASCII));
                }
                up.setObject(2, e.getKey());
                up.addBatch();
            }
            up.executeBatch();
        }
        return resealed.size();
    }
}
