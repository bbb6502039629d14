package io.omadm.gateway.images;

import java.util.List;
import java.util.Optional;

/**
 * What images are stored and the ImageInventory entries that refer to them (DCIS-001/002). The contract: an image
 * (its SHA-256) is recorded once however many entries refer to it; a download begins once per entry
 * ({@link #downloading}); an image and the entry pointing at it are recorded in one transaction ({@link #stored});
 * an image no entry refers to any more is forgotten by {@link #unreferenced} before its file is deleted, so a crash
 * between the two leaves at worst a file nothing points at, never an entry pointing at a missing file.
 */
public interface ImageCatalog {

    /** False when the entry exists. */
    boolean create(String entryId, String imageId, String source, String wantSha256, Long wantSize,
            long now);

    Optional<ImageEntry> find(String entryId);

    List<ImageEntry> list();

    /** Sets what the server said about an entry (null leaves a field as it is). */
    boolean describe(String entryId, String imageId, String source, String wantSha256, Long wantSize,
            long now);

    /** Moves an entry to a status that is not stored (failed). */
    boolean status(String entryId, String status, String detail, long now);

    /** Marks a download begun, once: false when the entry is downloading already (or gone). */
    boolean downloading(String entryId, String correlator, long now);

    /** The correlator of an entry's download (null when the server gave none). */
    String correlator(String entryId);

    /** Entries whose download a stop interrupted. */
    List<ImageEntry> downloadingEntries();

    /** Records a stored image (once, however many entries use it) and points the entry at it, in one transaction. */
    boolean stored(String entryId, String sha256, long size, long now);

    boolean delete(String entryId);

    /** Whether an image is stored (and so may be served). */
    boolean isStored(String sha256);

    /** Bytes of every stored image together. */
    long usedBytes();

    /** Forgets stored images no entry refers to; gives their hashes, whose files can then go. */
    List<String> unreferenced();
}
