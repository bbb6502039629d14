package io.omadm.gateway.app;

import io.omadm.gateway.audit.AuditTrail;
import io.omadm.gateway.audit.JdbcAuditTrail;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.security.AccessStore;
import io.omadm.gateway.security.Credentials;
import io.omadm.gateway.security.JdbcAccessStore;
import io.omadm.gateway.security.LoginThrottle;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Users, API tokens, sign-in checks and the audit trail of the operator API (the Quarkus side is in security.http). */
@Singleton
public class SecurityWiring {

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
    Credentials credentials(GatewayConfig config, AccessStore store) {
        GatewayConfig.Security.Login login = config.security().login();
        return new Credentials(store, new LoginThrottle(login.maxFailures(), login.lockout(), Clock.systemUTC()),
                Clock.systemUTC());
    }
}
