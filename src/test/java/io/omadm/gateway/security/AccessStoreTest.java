package io.omadm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, tokens and the first admin on a real H2 file; what signing in with them gives. */
class AccessStoreTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));

    @Test
    void theFirstStartMakesAnAdminWithARandomPasswordInAFileOnlyItsOwnerReads() throws Exception {
        try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 2)) {
            AccessStore store = new JdbcAccessStore(db.dataSource());
            Path file = FirstAdmin.ensure(store, Optional.empty(), dataDir, clock).orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String password = Files.readString(file).trim();
            assertTrue(password.length() >= 20, "a long random password");
            User admin = store.user("admin").orElseThrow();
            assertEquals(Role.ADMIN, admin.role());
            assertNotEquals(password, admin.passwordHash(), "the table holds a hash");
            assertTrue(admin.passwordHash().startsWith("$2"), "bcrypt");
            Credentials credentials = new Credentials(store, new LoginThrottle(10, Duration.ofMinutes(5), clock),
                    clock);
            assertEquals(Role.ADMIN, credentials.password("admin", password.toCharArray(), "127.0.0.1").identity()
                    .orElseThrow().role());
            assertTrue(credentials.password("admin", "wrong".toCharArray(), "127.0.0.1").identity().isEmpty());
            assertTrue(FirstAdmin.ensure(store, Optional.empty(), dataDir, clock).isEmpty(), "once only");
            assertEquals(password, Files.readString(file).trim(), "the file is not rewritten");
        }
    }

    @Test
    void aConfiguredPasswordIsUsedAndNoFileWritten() {
        try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 2)) {
            AccessStore store = new JdbcAccessStore(db.dataSource());
            assertTrue(FirstAdmin.ensure(store, Optional.of("configured-password-1"), dataDir, clock).isEmpty());
            assertFalse(Files.exists(dataDir.resolve(FirstAdmin.FILE)));
            assertTrue(PasswordHash.matches(store.user("admin").orElseThrow().passwordHash(),
                    "configured-password-1".toCharArray()));
        }
    }

    @Test
    void tokensAreKeptAsHashesExpireAndAreRevokedForGood() {
        try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 2)) {
            AccessStore store = new JdbcAccessStore(db.dataSource());
            Credentials credentials = new Credentials(store, new LoginThrottle(10, Duration.ofMinutes(5), clock),
                    clock);
            Credentials.NewToken t = credentials.issue("scada", "admin", Role.OPERATOR, Duration.ofDays(1));
            assertFalse(store.tokens().get(0).hash().contains(t.secret()), "only the secret's hash is stored");
            assertEquals(Role.OPERATOR, credentials.token(t.secret(), "10.1.1.1").identity().orElseThrow().role());
            assertTrue(credentials.token(t.secret() + "x", "10.1.1.1").identity().isEmpty());
            clock.advance(Duration.ofDays(1));
            assertTrue(credentials.token(t.secret(), "10.1.1.1").identity().isEmpty(), "expired");
            Credentials.NewToken u = credentials.issue("ci", "admin", Role.VIEWER, null);
            assertTrue(store.revokeToken(u.token().id()));
            assertFalse(store.revokeToken(u.token().id()), "revoked once");
            assertTrue(credentials.token(u.secret(), "10.1.1.1").identity().isEmpty(), "revoked");
            assertEquals(2, store.tokens().size(), "revoked tokens stay listed");
        }
    }

    @Test
    void theLastAdminCannotBeRemovedOrDemoted() {
        try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 2)) {
            AccessStore store = new JdbcAccessStore(db.dataSource());
            assertTrue(store.createUser("root", PasswordHash.of("first-admin-pw".toCharArray()), Role.ADMIN, 1));
            assertFalse(store.createUser("root", "x", Role.VIEWER, 2), "a name is taken once");
            assertFalse(store.deleteUser("root"));
            assertFalse(store.setRole("root", Role.OPERATOR));
            assertTrue(store.createUser("second", PasswordHash.of("second-admin-pw".toCharArray()), Role.ADMIN, 3));
            assertTrue(store.setRole("root", Role.VIEWER), "another admin remains");
            assertFalse(store.deleteUser("second"));
        }
    }
}
