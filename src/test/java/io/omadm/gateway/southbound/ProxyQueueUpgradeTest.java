package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy queue of a database written before V17 (commands, their answers and their pending state in one row). */
class ProxyQueueUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void commandsQueuedAndAnsweredBeforeTheUpgradeKeepTheirState() throws Exception {
        String url = Database.h2Url(dir);
        List<JavaMigration> java = new ArrayList<>();
        ServiceLoader.load(JavaMigration.class).forEach(java::add);
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("16")
                .javaMigrations(java.toArray(JavaMigration[]::new)).load().migrate();
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO proxy_command (dev_id, verb, path, format, status, result, queued, answered)"
                    + " VALUES ('dev-6', 'Get', './A', 'chr', 200, X'3432', 10, 11)");
            s.execute("INSERT INTO proxy_command (dev_id, verb, path, report_uri, queued)"
                    + " VALUES ('dev-6', 'Get', './B', './GwMO/DevInventory/dev-6/Tree/B', 12)");
            s.execute("INSERT INTO proxy_command (dev_id, verb, path, status, queued)"
                    + " VALUES ('dev-6', 'Exec', './C', 408, 13)");
            try (ResultSet rs = s.executeQuery("SELECT id FROM proxy_command ORDER BY path")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        long a = ids.get(0);
        long b = ids.get(1);
        long x = ids.get(2);
        try (Database upgraded = Database.open(url, "sa", "", 2)) {
            ProxyQueue q = new JdbcProxyQueue(upgraded.dataSource(), id -> { });
            assertEquals(List.of(b), q.pending("dev-6").stream().map(ProxyCommand::id).toList());
            ProxyCommand answered = q.find(a).orElseThrow();
            assertEquals(200, answered.status());
            assertEquals("42", new String(answered.result(), StandardCharsets.UTF_8));
            assertEquals(408, q.find(x).orElseThrow().status());
            assertEquals(List.of(x, b, a), q.of("dev-6", 10).stream().map(ProxyCommand::id).toList());
            List<ProxyCommand> later = q.answerAll(List.of(new ProxyQueue.Answer(b, 200, null),
                    new ProxyQueue.Answer(a, 500, null)), 20, c -> { });
            assertEquals(List.of(b), later.stream().map(ProxyCommand::id).toList(), "only the pending one answered");
            assertEquals(200, q.find(a).orElseThrow().status(), "an answered one keeps its first answer");
            assertEquals("./GwMO/DevInventory/dev-6/Tree/B", later.get(0).reportUri());
            assertEquals(1, new JdbcAlertQueue(upgraded.dataSource()).size(), "its ProxyResult is queued");
            long next = q.enqueue("dev-6", "Get", "./D", null, null, null, 30);
            assertEquals(x + 1, next, "new ids follow the old ones");
        }
    }
}
