package io.omadm.gateway.app;

import io.omadm.gateway.persistence.backup.BackupManifest;
import io.omadm.gateway.persistence.backup.DataRestore;
import io.omadm.gateway.security.keys.SecretKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * {@code scripts/admin restore <backup.zip> [--data-dir DIR] [--key-file FILE]}, with the gateway stopped: a backup
 * ({@code POST /api/v1/backups}) back into an empty data directory, with the key its stored secrets were sealed under.
 * The key comes from GATEWAY_SECURITY_KEY, or the key file (--key-file, GATEWAY_SECURITY_KEY_FILE, or one already
 * put in the data directory), and must be the one the backup names: a restore with another key would leave every
 * stored secret unreadable, so it is refused before anything is written.
 */
final class RestoreCommand {

    static final String USAGE = "       scripts/admin restore <backup.zip> [--data-dir DIR] [--key-file FILE]"
            + "   (stop the gateway first; DIR must be empty)";

    private final Map<String, String> env;

    RestoreCommand(Map<String, String> env) {
        this.env = env;
    }

    /** @return the exit status: 0 done, 1 failed, 2 a usage error */
    int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println(USAGE.trim());
            return 2;
        }
        Path backup = Path.of(args[1]);
        Path dataDir = Path.of(env.getOrDefault("GATEWAY_DATA_DIR", "./data"));
        Optional<Path> keyFile = Optional.ofNullable(env.get("GATEWAY_SECURITY_KEY_FILE")).map(Path::of);
        for (int i = 2; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--data-dir") && value != null) {
                dataDir = Path.of(value);
            } else if (args[i].equals("--key-file") && value != null) {
                keyFile = Optional.of(Path.of(value));
            } else {
                err.println("not understood: " + args[i] + (value == null ? "" : " " + value) + "\n" + USAGE.trim());
                return 2;
            }
        }
        try {
            BackupManifest manifest = BackupManifest.read(backup);
            Optional<String> problem = keyProblem(manifest.keyId(), keyFile, dataDir);
            if (problem.isPresent()) {
                err.println("refused: " + problem.get());
                return 1;
            }
            int files = DataRestore.restore(backup, dataDir);
            placeKey(keyFile, dataDir);
            out.println("restored " + files + " files of the backup of " + manifest.createdAt() + " into "
                    + dataDir.toAbsolutePath() + "; its secrets open with key " + manifest.keyId());
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("restore failed: " + e.getMessage());
            return 1;
        }
    }

    /** Why the key at hand cannot open the backup's secrets, if it cannot. */
    private Optional<String> keyProblem(String needed, Optional<Path> keyFile, Path dataDir) {
        String configured = env.get("GATEWAY_SECURITY_KEY");
        Path file = keyFile.orElse(dataDir.resolve("secret.key"));
        if ((configured == null || configured.isBlank()) && !Files.isRegularFile(file)) {
            return Optional.of("the backup's stored secrets are sealed with key " + needed + ", which a backup never"
                    + " holds: give its key file with --key-file (or GATEWAY_SECURITY_KEY)");
        }
        String have = SecretKeys.load(Optional.ofNullable(configured), file).sealer().currentKeyId();
        return have.equals(needed) ? Optional.empty() : Optional.of("the key at hand is " + have
                + ", the backup's stored secrets are sealed with " + needed);
    }

    /** A key file given on the command line goes where the gateway will look for it, unless configured elsewhere. */
    private void placeKey(Optional<Path> keyFile, Path dataDir) throws IOException {
        boolean configured = env.containsKey("GATEWAY_SECURITY_KEY_FILE") || env.containsKey("GATEWAY_SECURITY_KEY");
        if (keyFile.isEmpty() || configured) {
            return;
        }
        Path to = dataDir.resolve("secret.key");
        if (!Files.exists(to)) {
            Files.copy(keyFile.get(), to, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
