package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same store tests on PostgreSQL, the shared store of multi-instance sites (DESIGN §3.5). */
class PostgreSqlStoresTest extends JdbcStoresTest {

    private static PostgresServer pg;

    @BeforeAll
    static void postgres() throws Exception {
        pg = PostgresServer.shared();
    }

    @BeforeEach
    void emptyDatabase() {
        try (Database db = open(); var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM generic_alert");
            s.execute("DELETE FROM tree_node");
            s.execute("DELETE FROM group_member");
            s.execute("DELETE FROM device_group");
            s.execute("DELETE FROM device");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Database open() {
        return pg.open();
    }

    @Test
    void itIsPostgreSql() {
        try (Database db = open()) {
            assertTrue(db.isPostgreSql());
        }
    }
}
