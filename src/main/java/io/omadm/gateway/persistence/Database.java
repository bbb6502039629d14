package io.omadm.gateway.persistence;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalPropertiesReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The gateway's database: a connection pool for the JDBC URL in {@code gateway.db.url} (an H2 file under the data
 * directory unless it names PostgreSQL), with the schema brought up to date by Flyway when it opens. The pool is
 * opened at run time, so one build serves both databases.
 */
public final class Database implements AutoCloseable {

    /** How often an H2 file is checked for space to give back; a pass over a file with nothing to give is cheap. */
    private static final Duration COMPACTION_CHECK = Duration.ofSeconds(5);

    private final AgroalDataSource pool;
    private final String url;
    private final H2FileCompaction compaction;

    private Database(AgroalDataSource pool, String url, Duration compactionCheck) {
        this.pool = pool;
        this.url = url;
        this.compaction = url.startsWith("jdbc:h2:") ? new H2FileCompaction(pool, compactionCheck) : null;
    }

    /**
     * The default: an H2 database file {@code gateway.mv.db} under {@code dataDir}. WRITE_DELAY=0 writes each commit
     * to the file before the commit returns (H2's default holds it up to 500 ms), so a 200 the server was sent
     * survives the process being killed. H2 does not fsync each commit: for power-loss durability use PostgreSQL.
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gateway") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * The pool, with the schema migrated. {@code extra}: Java migrations that need what only the running gateway has
     * (the sealer of schema 13; tests of a single store may leave them out).
     */
    public static Database open(String url, String user, String password, int maxConnections,
            JavaMigration... extra) {
        return open(url, user, password, maxConnections, COMPACTION_CHECK, extra);
    }

    /** As {@link #open(String, String, String, int, JavaMigration...)}, checking an H2 file every {@code check}. */
    static Database open(String url, String user, String password, int maxConnections, Duration compactionCheck,
            JavaMigration... extra) {
        Map<String, String> props = new HashMap<>();
        props.put(AgroalPropertiesReader.JDBC_URL, url);
        props.put(AgroalPropertiesReader.PRINCIPAL, user == null ? "" : user);
        props.put(AgroalPropertiesReader.CREDENTIAL, password == null ? "" : password);
        // Flyway holds two connections while it migrates; fewer would deadlock the start.
        props.put(AgroalPropertiesReader.MAX_SIZE, Integer.toString(Math.max(2, maxConnections)));
        props.put(AgroalPropertiesReader.MIN_SIZE, "1");
        props.put(AgroalPropertiesReader.INITIAL_SIZE, "1");
        props.put(AgroalPropertiesReader.ACQUISITION_TIMEOUT_S, Long.toString(Duration.ofSeconds(10).toSeconds()));
        AgroalDataSource pool;
        try {
            pool = AgroalDataSource.from(new AgroalPropertiesReader().readProperties(props).get());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database " + redact(url) + ": " + e.getMessage(), e);
        }
        // SQL migrations from db/migration; Java ones (that convert stored data) declared by the feature that owns the
        // data, in META-INF/services, so this lowest layer names none of them (and no class path scan is needed)
        List<JavaMigration> java = new ArrayList<>(List.of(extra));
        ServiceLoader.load(JavaMigration.class).stream().map(ServiceLoader.Provider::get).forEach(java::add);
        // a Java migration that needs the running gateway (schema 13, the sealer) may be missing: a database opened
        // without it (a test of one store, a tool) gets it out of order when a gateway opens it, and a database the
        // gateway migrated opens without it
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").outOfOrder(true)
                .ignoreMigrationPatterns("*:missing")
                .javaMigrations(java.toArray(JavaMigration[]::new)).load().migrate();
        return new Database(pool, url, compactionCheck);
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isPostgreSql() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Whether a connection can be had and used now (for the readiness check). */
    public boolean isUp() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The H2 file's size in bytes (for the metrics); empty on PostgreSQL. */
    public OptionalLong fileSize() {
        return compaction == null ? OptionalLong.empty() : compaction.fileSize();
    }

    @Override
    public void close() {
        if (compaction != null) {
            compaction.close();
        }
        pool.close();
    }

    /** A URL without its password parameters, for log lines. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
