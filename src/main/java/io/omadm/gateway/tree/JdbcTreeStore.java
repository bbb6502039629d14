package io.omadm.gateway.tree;

import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.persistence.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tree in the {@code tree_node} table; each commit is one database transaction. The values of secret nodes
 * (AAuthSecret: the passwords of the gateway's DM accounts) are sealed at rest.
 */
public final class JdbcTreeStore implements TreeStore {

    private static final String SECRET_NODE = "AAuthSecret";
    public static final SecretColumn SECRETS = new SecretColumn("tree_node", "path", "node_value", true,
            "path LIKE '%/" + SECRET_NODE + "'");

    private final DataSource db;
    private final SecretSealer sealer;

    public JdbcTreeStore(DataSource db, SecretSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    private static boolean secret(NodePath p) {
        return !p.isRoot() && p.name().equals(SECRET_NODE);
    }

    @Override
    public List<Node> loadAll() {
        List<Node> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT path, interior, node_value, format, node_type, acl,"
                        + " title, tstamp, ver_no, permanent FROM tree_node");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                NodePath path = NodePath.parse(rs.getString(1)).orElseThrow(
                        () -> new IllegalStateException("stored node with an invalid path"));
                byte[] value = secret(path) ? sealer.open(rs.getBytes(3)) : rs.getBytes(3);
                out.add(new Node(path, rs.getBoolean(2), value, rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getInt(9), rs.getBoolean(10)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot load the management tree: " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(Collection<Node> upserts, Collection<NodePath> deletes) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM tree_node WHERE path = ?");
                    PreparedStatement ins = c.prepareStatement("INSERT INTO tree_node (path, interior, node_value,"
                            + " format, node_type, acl, title, tstamp, ver_no, permanent)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                // delete then insert: an upsert both H2 and PostgreSQL understand
                for (NodePath p : deletes) {
                    del.setString(1, p.toString());
                    del.addBatch();
                }
                for (Node n : upserts) {
                    del.setString(1, n.path().toString());
                    del.addBatch();
                }
                del.executeBatch();
                for (Node n : upserts) {
                    ins.setString(1, n.path().toString());
                    ins.setBoolean(2, n.interior());
                    ins.setBytes(3, secret(n.path()) ? sealer.seal(n.value()) : n.value());
                    ins.setString(4, n.format());
                    setNullable(ins, 5, n.type());
                    ins.setString(6, n.acl());
                    setNullable(ins, 7, n.title());
                    ins.setLong(8, n.tstamp());
                    ins.setInt(9, n.verNo());
                    ins.setBoolean(10, n.permanent());
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store tree changes: " + e.getMessage(), e);
        }
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }
}
