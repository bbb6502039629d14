package io.omadm.gateway.security.keys;

import io.omadm.gateway.persistence.Reseal;
import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The key that seals the gateway's stored secrets (docs/security.md): from gateway.security.key (base64, for an
 * environment variable or a secret store), or else the file gateway.security.key-file, made at the first start. A
 * rotation writes the new key beside the old one ({@code <file>.next}), seals every stored secret under it, then puts
 * it in the old one's place; a rotation cut short finishes at the next start, since both keys are still on disk.
 */
public final class SecretKeys {

    private static final Logger LOG = Logger.getLogger(SecretKeys.class.getName());

    /** What a rotation did: the key ids before and after, and how many stored secrets were sealed anew. */
    public record Rotation(String from, String to, int resealed) {
    }

    private final Path file;
    private final AesGcmSealer sealer;

    private SecretKeys(Path file, AesGcmSealer sealer) {
        this.file = file;
        this.sealer = sealer;
    }

    /** The configured key, or the key file's (made when missing), with a rotation cut short still pending. */
    public static SecretKeys load(Optional<String> configured, Path file) {
        if (configured.filter(k -> !k.isBlank()).isPresent()) {
            return new SecretKeys(null, new AesGcmSealer(KeyRing.of(KeyFile.decode(configured.get(),
                    "gateway.security.key")))); // not logged: the message names the setting, not its value
        }
        if (!Files.exists(file)) {
            KeyFile.write(file, KeyFile.newKey());
            LOG.info("first start: made the key that seals stored secrets, " + file.toAbsolutePath()
                    + " (readable by this user only; keep a copy apart from backups of the database)");
        } else if (KeyFile.tighten(file)) {
            LOG.warning(file.toAbsolutePath() + " was readable by others: now by its owner only");
        }
        KeyRing ring = KeyRing.of(KeyFile.read(file));
        Path next = next(file);
        if (Files.exists(next)) {
            ring = ring.rotatedTo(KeyFile.read(next));
        }
        return new SecretKeys(file, new AesGcmSealer(ring));
    }

    public AesGcmSealer sealer() {
        return sealer;
    }

    /** Finishes a rotation that was cut short (the process stopped between writing the new key and using it). */
    public synchronized Optional<Rotation> finishRotation(DataSource db, List<SecretColumn> columns) {
        if (file == null || !Files.exists(next(file))) {
            return Optional.empty();
        }
        LOG.warning("a key rotation was cut short: finishing it");
        return Optional.of(complete(db, columns, KeyRing.id(KeyFile.read(file))));
    }

    /** A new key: every stored secret is sealed under it and the old key is gone from disk. */
    public synchronized Rotation rotate(DataSource db, List<SecretColumn> columns) {
        if (file == null) {
            throw new IllegalStateException("the key comes from gateway.security.key: rotate it where it is set"
                    + " (the gateway cannot write it back)");
        }
        String from = sealer.currentKeyId();
        byte[] fresh = KeyFile.newKey();
        KeyFile.write(next(file), fresh);
        // from here on new secrets are sealed under the new key; the old one still opens what is stored
        sealer.use(sealer.keys().rotatedTo(fresh));
        return complete(db, columns, from);
    }

    private Rotation complete(DataSource db, List<SecretColumn> columns, String from) {
        // a second pass catches a secret sealed under the old key by a write that began before the first
        int n = Sql.transaction(db, "seal the stored secrets under the new key", c -> Reseal.all(c, sealer, columns));
        n += Sql.transaction(db, "seal the stored secrets under the new key", c -> Reseal.all(c, sealer, columns));
        try {
            Files.move(next(file), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the new key in place of " + file
                    + " (both keys stay on disk; the next start finishes the rotation)", e);
        }
        sealer.use(sealer.keys().currentOnly());
        Rotation r = new Rotation(from, sealer.currentKeyId(), n);
        LOG.info("key rotated from " + r.from() + " to " + r.to() + ": " + r.resealed()
                + " stored secrets sealed anew");
        return r;
    }

    private static Path next(Path file) {
        return file.resolveSibling(file.getFileName() + ".next");
    }
}
