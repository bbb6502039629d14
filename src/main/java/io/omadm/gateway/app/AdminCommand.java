package io.omadm.gateway.app;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.persistence.V13__Seal_stored_secrets;
import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.JdbcAccessStore;
import io.omadm.gateway.security.PasswordHash;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.User;
import io.omadm.gateway.security.keys.SecretKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The command-line way to an admin, for the first start or a lost password ({@code scripts/admin}), run with the
 * gateway stopped on its data directory: {@code set-password <user> [--role admin] [--data-dir DIR]} reads the new
 * password from standard input (never from the command line, which other users of the machine can see), creates the
 * user with the role when it does not exist, else sets its password (and role, when given). The database is opened as
 * the gateway opens it (its schema migrated, its secrets sealed with the same key). {@code restore} puts a backup back
 * ({@link RestoreCommand}).
 */
public final class AdminCommand {

    static final String USAGE = "usage: scripts/admin set-password <user> [--role viewer|operator|admin]"
            + " [--data-dir DIR]   (the password is read from standard input; stop the gateway first)\n"
            + "       scripts/admin encrypt-config   (a secret for the configuration file, read from standard input)\n"
            + RestoreCommand.USAGE;

    private final Map<String, String> env;

    AdminCommand(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new AdminCommand(System.getenv()).run(args, System.in, System.out, System.err));
    }

    /** @return the exit status: 0 done, 1 failed, 2 a usage error */
    int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("encrypt-config")) {
            return encryptConfig(in, out, err);
        }
        if (args.length > 0 && args[0].equals("restore")) {
            return new RestoreCommand(env).run(args, out, err);
        }
        if (args.length < 2 || !args[0].equals("set-password")) {
            err.println(USAGE);
            return 2;
        }
        String user = args[1];
        if (!user.matches(User.NAME_PATTERN)) {
            err.println("refused: " + User.NAME_RULE);
            return 2;
        }
        Optional<Role> role = Optional.empty();
        Path dataDir = Path.of(env.getOrDefault("GATEWAY_DATA_DIR", "./data"));
        for (int i = 2; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--role") && value != null && Role.parse(value).isPresent()) {
                role = Role.parse(value);
            } else if (args[i].equals("--data-dir") && value != null) {
                dataDir = Path.of(value);
            } else {
                err.println("not understood: " + args[i] + (value == null ? "" : " " + value) + "\n" + USAGE);
                return 2;
            }
        }
        String password;
        try {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("cannot read the password from standard input: " + e.getMessage());
            return 1;
        }
        Optional<String> weak = PasswordHash.weakness(password);
        if (weak.isPresent()) {
            err.println("refused: " + weak.get() + " (read from standard input)");
            return 2;
        }
        return setPassword(dataDir, user, role, password, out, err);
    }

    /**
     * Prints the secret read from standard input as {@code ${aes-gcm-nopadding::...}} for the configuration file,
     * under the key of the environment (SMALLRYE_CONFIG_SECRET_HANDLER_AES_GCM_NOPADDING_ENCRYPTION_KEY); without one,
     * makes a key and says how to give it to the gateway.
     */
    private int encryptConfig(InputStream in, PrintStream out, PrintStream err) {
        String secret;
        try {
            secret = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("cannot read the secret from standard input: " + e.getMessage());
            return 1;
        }
        if (secret == null || secret.isEmpty()) {
            err.println("refused: no secret on standard input");
            return 2;
        }
        String key = env.get(ConfigSecret.KEY_ENV);
        if (key == null || key.isBlank()) {
            key = ConfigSecret.newKey();
            err.println("no key in " + ConfigSecret.KEY_ENV + ": a new one was made; give the gateway this key in that"
                    + " variable (or " + ConfigSecret.KEY_PROPERTY + "), from a secret store:\n" + key);
        }
        out.println(ConfigSecret.encrypt(secret, key));
        return 0;
    }

    private int setPassword(Path dataDir, String user, Optional<Role> role, String password, PrintStream out,
            PrintStream err) {
        SecretKeys keys = SecretKeys.load(Optional.ofNullable(env.get("GATEWAY_SECURITY_KEY")),
                Optional.ofNullable(env.get("GATEWAY_SECURITY_KEY_FILE")).map(Path::of)
                        .orElse(dataDir.resolve("secret.key")));
        String url = env.getOrDefault("GATEWAY_DB_URL", Database.h2Url(dataDir));
        Database database;
        try {
            database = Database.open(url, env.getOrDefault("GATEWAY_DB_USER", "sa"),
                    env.getOrDefault("GATEWAY_DB_PASSWORD", ""), 2,
                    new V13__Seal_stored_secrets(keys.sealer(), CoreWiring.secretColumns()));
        } catch (RuntimeException e) {
            err.println("cannot open the database " + Database.redact(url) + " (is the gateway still running?): "
                    + e.getMessage());
            return 1;
        }
        try {
            AccessStore store = new JdbcAccessStore(database.dataSource());
            String hash = PasswordHash.of(password.toCharArray());
            if (store.user(user).isEmpty()) {
                Role r = role.orElse(Role.ADMIN);
                if (!store.createUser(user, hash, r, System.currentTimeMillis())) {
                    err.println("cannot create user '" + user + "'");
                    return 1;
                }
                out.println("user '" + user + "' created, role " + r.value());
            } else {
                store.setPassword(user, hash);
                role.ifPresent(r -> store.setRole(user, r));
                out.println("password of '" + user + "' set" + role.map(r -> ", role " + r.value()).orElse(""));
            }
            return 0;
        } finally {
            database.close();
        }
    }
}
