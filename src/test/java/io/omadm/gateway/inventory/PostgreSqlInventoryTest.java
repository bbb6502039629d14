package io.omadm.gateway.inventory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory tests on PostgreSQL. */
class PostgreSqlInventoryTest extends InventoryTest {

    private static PostgresServer pg;

    @BeforeAll
    static void postgres() throws Exception {
        pg = PostgresServer.shared();
    }

    @Override
    Database openDatabase() {
        return pg.open();
    }

    @Test
    void theseTestsRunOnPostgreSql() {
        assertTrue(db.isPostgreSql());
    }

    @BeforeEach
    void empty() throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM group_member");
            s.execute("DELETE FROM device_group");
            s.execute("DELETE FROM device");
        }
    }
}
