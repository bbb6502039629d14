package io.omadm.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fanout store's tests on PostgreSQL, the shared store of multi-instance sites (DESIGN §3.5). */
class PostgreSqlFanoutStoreTest extends FanoutStoreTest {

    private static PostgresServer pg;

    @BeforeAll
    static void postgres() throws Exception {
        pg = PostgresServer.shared();
    }

    @Override
    Database openDatabase() {
        return pg.open();
    }

    @BeforeEach
    void empty() throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM fanout_job"); // their devices and answers with them
            s.execute("DELETE FROM generic_alert");
        }
    }

    @Test
    void theseTestsRunOnPostgreSql() {
        assertTrue(db.isPostgreSql());
    }
}
