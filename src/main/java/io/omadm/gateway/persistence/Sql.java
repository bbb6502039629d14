package io.omadm.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** JDBC helpers the stores share. */
public final class Sql {

    private Sql() {
    }

    /** Database work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. A failure is a
     * {@link StoreException} saying "cannot {@code what}".
     */
    public static <T> T transaction(DataSource db, String what, Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** {@code n} parameter marks for an IN list: "?, ?, ?" ({@code n} &gt; 0). */
    public static String marks(int n) {
        return "?, ".repeat(n - 1) + "?";
    }

    /** Binds {@code args} to the statement's parameters in order (null binds SQL NULL). */
    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
