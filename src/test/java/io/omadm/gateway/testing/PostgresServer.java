package io.omadm.gateway.testing;

import io.omadm.gateway.persistence.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 for tests, from Debian's postgresql package (scripts/test installs it):
 * initdb into a temporary directory, start on a free port, trust authentication, stopped and removed on close.
 * initdb refuses to run as root, so as root it runs as the package's postgres user.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    private static PostgresServer shared;

    /** One cluster for every test class of this JVM, stopped when the JVM exits; classes empty their tables. */
    public static synchronized PostgresServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
            PostgresServer pg = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception e) {
                    // the JVM is going away; the temporary cluster goes with its directory
                }
            }));
        }
        return shared;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = TempPaths.dir("pg");
        if (root) {
            ExternalTool.run(List.of("chown", "postgres", dir.toString()));
        }
        int port = FreePort.forChildProcess();
        PostgresServer pg = new PostgresServer(bin, dir, port, root);
        pg.run(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U",
                "postgres", "--no-sync");
        pg.run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off", "start");
        return pg;
    }

    /** The gateway's database on this server: migrated and pooled as the gateway opens it. */
    public Database open() {
        return Database.open(jdbcUrl(), "postgres", "", 4);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(cmd));
        ExternalTool.run(full);
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.naturalOrder());
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // fall through to the missing-tool handling
            }
        }
        ExternalTool.require("initdb", "postgresql");
        throw new IllegalStateException("unreachable");
    }

    @Override
    public void close() throws Exception {
        run(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "immediate", "stop");
        ExternalTool.run(List.of("rm", "-rf", dataDir.toString()));
    }
}
