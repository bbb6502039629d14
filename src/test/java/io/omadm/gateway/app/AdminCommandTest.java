package io.omadm.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.JdbcAccessStore;
import io.omadm.gateway.security.PasswordHash;
import io.omadm.gateway.security.Role;
import io.omadm.gateway.security.User;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/admin: an admin made from the command line on a data directory (the first start, a lost password), the
 * password from standard input and held to the API's rule, the user made or changed, nothing changed on bad input.
 */
class AdminCommandTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return new AdminCommand(Map.of("GATEWAY_DATA_DIR", dataDir.toString())).run(args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Optional<User> user(String name) {
        Database db = Database.open(Database.h2Url(dataDir), "sa", "", 2);
        try {
            return new JdbcAccessStore(db.dataSource()).user(name);
        } finally {
            db.close();
        }
    }

    @Test
    void aNewAdminOnAFreshDataDirectoryThenANewPassword() {
        assertEquals(0, run("first-password-123\n", "set-password", "admin"), err.toString());
        assertTrue(out.toString().contains("user 'admin' created, role admin"), out.toString());
        User admin = user("admin").orElseThrow();
        assertEquals(Role.ADMIN, admin.role());
        assertTrue(PasswordHash.matches(admin.passwordHash(), "first-password-123".toCharArray()));
        assertTrue(Files.exists(dataDir.resolve("secret.key")), "the key the gateway will seal secrets with");

        assertEquals(0, run("second-password-456\n", "set-password", "admin"), err.toString());
        User again = user("admin").orElseThrow();
        assertFalse(PasswordHash.matches(again.passwordHash(), "first-password-123".toCharArray()));
        assertTrue(PasswordHash.matches(again.passwordHash(), "second-password-456".toCharArray()));
        assertFalse(out.toString().contains("second-password-456"), "the password is never echoed");
    }

    @Test
    void aRoleMayBeGivenAndADataDirectoryNamed() throws Exception {
        Path other = Files.createDirectory(dataDir.resolve("site"));
        assertEquals(0, run("viewer-password-1\n", "set-password", "night-shift", "--role", "viewer", "--data-dir",
                other.toString()), err.toString());
        Database db = Database.open(Database.h2Url(other), "sa", "", 2);
        try {
            assertEquals(Role.VIEWER, new JdbcAccessStore(db.dataSource()).user("night-shift").orElseThrow().role());
        } finally {
            db.close();
        }
    }

    @Test
    void badInputChangesNothingAndSaysWhy() {
        assertEquals(0, run("first-password-123\n", "set-password", "admin"));
        String hash = user("admin").orElseThrow().passwordHash();
        assertEquals(2, run("short\n", "set-password", "admin"));
        assertTrue(err.toString().contains("a password has 12 to 256 characters"), err.toString());
        assertEquals(2, run("", "set-password", "admin"), "no password on standard input");
        assertEquals(2, run("long-enough-password\n", "set-password", "bad name!"));
        assertTrue(err.toString().contains("a user name is"), err.toString());
        assertEquals(2, run("long-enough-password\n", "set-password", "admin", "--role", "root"));
        assertEquals(2, run("long-enough-password\n", "reset", "admin"));
        assertTrue(err.toString().contains("usage: scripts/admin set-password"), err.toString());
        assertEquals(hash, user("admin").orElseThrow().passwordHash(), "unchanged");
    }
}
