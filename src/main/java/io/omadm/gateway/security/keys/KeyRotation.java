package io.omadm.gateway.security.keys;

import io.omadm.gateway.persistence.SecretColumn;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Rotating the key that seals the stored secrets of one database (its columns that hold secrets). */
public final class KeyRotation {

    private final SecretKeys keys;
    private final DataSource db;
    private final List<SecretColumn> columns;

    public KeyRotation(SecretKeys keys, DataSource db, List<SecretColumn> columns) {
        this.keys = keys;
        this.db = db;
        this.columns = List.copyOf(columns);
    }

    /**
     * A new key, every stored secret sealed under it; IllegalStateException when the key is not the gateway's to
     * write.
     */
    public SecretKeys.Rotation rotate() {
        return keys.rotate(db, columns);
    }

    /** A rotation cut short by a stop, finished (at the start). */
    public Optional<SecretKeys.Rotation> finishInterrupted() {
        return keys.finishRotation(db, columns);
    }

    public String currentKeyId() {
        return keys.sealer().currentKeyId();
    }
}
