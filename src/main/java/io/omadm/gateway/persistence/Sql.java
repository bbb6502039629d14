package io.omadm.gateway.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A JDBC helper the stores share. */
public final class Sql {

    private Sql() {
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
