package io.omadm.gateway.app;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Who may use the operator API and console (docs/security.md). */
public interface SecurityConfig {
    /**
     * The first admin's password, used only when the user table is empty; empty = a random one, written to
     * admin-password in the data directory (0600).
     */
    Optional<String> adminPassword();

    /** Serve the operator API on plain HTTP too (only behind a proxy that terminates TLS). */
    @WithDefault("false")
    boolean allowPlainHttp();

    /**
     * The key that seals stored secrets (AES-256, 32 bytes in base64), e.g. from an environment variable; empty =
     * the key file.
     */
    Optional<String> key();

    /** The key file (0600), made at the first start; empty = secret.key in the data directory. */
    Optional<String> keyFile();

    /**
     * The role of each client certificate by its subject's common name (CN); a certificate not listed has none.
     * Used only with gateway.tls.client-ca-file.
     */
    Map<String, String> certificateRoles();

    Login login();

    Limits limits();

    /** What one request or one source may take of the gateway (docs/security.md, Input limits). */
    interface Limits {
        /** The largest DM message body on /dm, in bytes (413 above). */
        @WithDefault("1048576")
        long dmMessage();

        /** The largest Package 0 body on /notification, in bytes. */
        @WithDefault("4096")
        long notification();

        /** Requests one address may make each second on the plain HTTP port, on average (429 above). */
        @WithDefault("50")
        double requestsPerSecond();

        /** Requests it may make at once after a quiet spell. */
        @WithDefault("100")
        int requestBurst();

        /** Connections one address may hold open on the plain HTTP port. */
        @WithDefault("32")
        int connectionsPerSource();
    }

    interface Login {
        /** Failed sign-ins from one address (or one user from it) before it is locked out. */
        @WithDefault("10")
        int maxFailures();

        /** How long a lockout lasts, and the window failures are counted in. */
        @WithDefault("5m")
        Duration lockout();
    }
}
