package io.omadm.gateway.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same store tests on PostgreSQL, the shared store of multi-instance sites (DESIGN §3.5). */
class PostgreSqlStoresTest extends JdbcStoresTest {

    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void emptyDatabase() {
        try (Database db = open(); var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM generic_alert");
            s.execute("DELETE FROM tree_node");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Database open() {
        return Database.open(pg.jdbcUrl(), "postgres", "", 4);
    }

    @Test
    void itIsPostgreSql() {
        try (Database db = open()) {
            assertTrue(db.isPostgreSql());
        }
    }
}
