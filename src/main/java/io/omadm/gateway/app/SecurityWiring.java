package io.omadm.gateway.app;

import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.audit.JdbcAuditTrail;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.CertificateRoles;
import io.omadm.gateway.security.Credentials;
import io.omadm.gateway.security.JdbcAccessStore;
import io.omadm.gateway.security.LoginThrottle;
import io.omadm.gateway.security.SourceLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Logger;

/** Users, API tokens, sign-in checks and the audit trail of the operator API (the Quarkus side is in security.http). */
@Singleton
public class SecurityWiring {

    private static final Logger LOG = Logger.getLogger(SecurityWiring.class.getName());

    @Produces
    @Singleton
    AccessStore accessStore(Database database) {
        return new JdbcAccessStore(database.dataSource());
    }

    @Produces
    @Singleton
    AuditTrail auditTrail(GatewayConfig config, Database database) {
        return new JdbcAuditTrail(database.dataSource(), config.audit().retention(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    SourceLimits sourceLimits(GatewayConfig config) {
        SecurityConfig.Limits l = config.security().limits();
        return new SourceLimits(l.requestsPerSecond(), l.requestBurst(), l.connectionsPerSource(), Clock.systemUTC());
    }

    /** Client certificates count only where the site named the CAs that sign them. */
    @Produces
    @Singleton
    CertificateRoles certificateRoles(GatewayConfig config) {
        Map<String, String> roles = config.security().certificateRoles();
        if (config.tls().clientCaFile().isEmpty()) {
            if (!roles.isEmpty()) {
                LOG.warning("gateway.security.certificate-roles is ignored: no gateway.tls.client-ca-file names the"
                        + " CAs whose client certificates may sign in");
            }
            return new CertificateRoles(Map.of());
        }
        return new CertificateRoles(roles);
    }

    @Produces
    @Singleton
    Credentials credentials(GatewayConfig config, AccessStore store) {
        SecurityConfig.Login login = config.security().login();
        return new Credentials(store, new LoginThrottle(login.maxFailures(), login.lockout(), Clock.systemUTC()),
                Clock.systemUTC());
    }
}
