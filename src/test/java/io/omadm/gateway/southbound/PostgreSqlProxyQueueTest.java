package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.testing.PostgresServer;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue's tests on PostgreSQL: its row locks and isolation, not H2's, settle the races. */
class PostgreSqlProxyQueueTest extends ProxyQueueTest {

    private static PostgresServer pg;

    @BeforeAll
    static void postgres() throws Exception {
        pg = PostgresServer.shared();
    }

    @Override
    Database database() {
        Database db = pg.open();
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM generic_alert");
            s.execute("DELETE FROM proxy_answer");
            s.execute("DELETE FROM proxy_pending");
            s.execute("DELETE FROM proxy_command");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    @Test
    void itIsPostgreSql() {
        try (Database other = database()) {
            assertTrue(other.isPostgreSql());
        }
    }
}
