package io.omadm.gateway.persistence;

import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema 13: the secrets stored before they were sealed (devices' DM secrets, the gateway's own in its DMAcc) are
 * sealed where they are. A Java migration given to {@link Database#open} with the gateway's sealer, which only the
 * running gateway holds.
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V13__Seal_stored_secrets extends BaseJavaMigration {

    private static final Logger LOG = Logger.getLogger(V13__Seal_stored_secrets.class.getName());

    private final SecretSealer sealer;
    private final List<SecretColumn> columns;

    public V13__Seal_stored_secrets(SecretSealer sealer, List<SecretColumn> columns) {
        this.sealer = sealer;
        this.columns = List.copyOf(columns);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        int n = Reseal.all(context.getConnection(), sealer, columns);
        LOG.info("sealed " + n + " stored secrets written before secrets were sealed");
    }
}
