package io.omadm.gateway.images;

import io.omadm.gateway.northbound.AlertQueue;
import io.omadm.gateway.syncml.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Images stored on the gateway for local download (GwMO-DCIS-001/002/003, B.8). The server names an entry of
 * ./GwMO/ImageInventory and either sends the package itself (Replace Data, or PUT on the REST API) or gives its
 * Source URL and Execs Operations/Download: the gateway fetches it (resuming after a dropped connection), checks the
 * size and hash the server gave, stores it once however many entries use it, and reports ImageStored with the Exec's
 * Correlator. Storage can be turned off by the server (GwConfig/ImageStorage: ingest is then refused with 405 and
 * nothing is served) and is held within a quota (GwConfig/ImageQuotaMB). Images no entry refers to are deleted.
 */
public final class Images {

    private static final Logger LOG = Logger.getLogger(Images.class.getName());
    /** Times a download resumes after its connection drops before it fails. */
    static final int RESUMES = 5;

    /** What an ingest or download request came to: a DM status code (200, 202, 400, 404, 405, 413, 424, 500). */
    public record Outcome(int status, String message) {
        static Outcome of(StatusCode code, String message) {
            return new Outcome(code.code(), message);
        }
    }

    private final ImageStore files;
    private final ImageCatalog catalog;
    private final BooleanSupplier enabled;
    private final LongSupplier quotaBytes;
    private final AlertQueue alerts;
    private final HttpClient http;
    private final Executor downloads;
    private final Supplier<String> baseUrl;
    private final Clock clock;

    /** @param baseUrl how the devices reach the gateway's HTTP port, e.g. http://192.168.1.2:8080 */
    public Images(ImageStore files, ImageCatalog catalog, BooleanSupplier enabled, LongSupplier quotaBytes,
            AlertQueue alerts, HttpClient http, Executor downloads, Supplier<String> baseUrl, Clock clock) {
        this.files = files;
        this.catalog = catalog;
        this.enabled = enabled;
        this.quotaBytes = quotaBytes;
        this.alerts = alerts;
        this.http = http;
        this.downloads = downloads;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public ImageCatalog catalog() {
        return catalog;
    }

    public boolean enabled() {
        return enabled.getAsBoolean();
    }

    /** The local URL of a stored image (the entry's URI leaf). */
    public String uri(String sha256) {
        String base = baseUrl.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/images/" + sha256;
    }

    /** The file to serve for an image: only while storage is on and the image is stored. */
    public Optional<Path> servable(String sha256) {
        if (!enabled() || !ImageStore.isSha256(sha256) || !catalog.isStored(sha256)) {
            return Optional.empty();
        }
        return files.file(sha256);
    }

    public Outcome create(String entryId, String imageId, String source, String wantSha256, Long wantSize) {
        Optional<String> problem = problem(source, wantSha256, wantSize);
        if (problem.isPresent()) {
            return Outcome.of(StatusCode.BAD_REQUEST, problem.get());
        }
        return catalog.create(entryId, imageId, source, normalize(wantSha256), wantSize, clock.millis())
                ? Outcome.of(StatusCode.OK, "created") : Outcome.of(StatusCode.ALREADY_EXISTS, "image entry "
                        + entryId + " exists");
    }

    public Outcome describe(String entryId, String imageId, String source, String wantSha256, Long wantSize) {
        Optional<String> problem = problem(source, wantSha256, wantSize);
        if (problem.isPresent()) {
            return Outcome.of(StatusCode.BAD_REQUEST, problem.get());
        }
        return catalog.describe(entryId, imageId, source, normalize(wantSha256), wantSize, clock.millis())
                ? Outcome.of(StatusCode.OK, "described") : Outcome.of(StatusCode.NOT_FOUND, "no image entry "
                        + entryId);
    }

    private static Optional<String> problem(String source, String wantSha256, Long wantSize) {
        if (source != null && !source.isBlank() && !(source.startsWith("http://") || source.startsWith("https://"))) {
            return Optional.of("Source must be an http:// or https:// URL, not '" + source + "'");
        }
        if (wantSha256 != null && !wantSha256.isBlank() && !ImageStore.isSha256(normalize(wantSha256))) {
            return Optional.of("Sha256 is 64 hex digits, not '" + wantSha256 + "'");
        }
        if (wantSize != null && wantSize < 0) {
            return Optional.of("Size cannot be negative");
        }
        return Optional.empty();
    }

    private static String normalize(String sha) {
        return sha == null || sha.isBlank() ? null : sha.trim().toLowerCase(Locale.ROOT);
    }

    /** Stores the package the server sends whole for an entry (Replace Data), checked against what it said. */
    public Outcome ingest(String entryId, InputStream bytes) {
        Upload upload = upload(entryId);
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n = bytes.read(buf); n >= 0; n = bytes.read(buf)) {
                Optional<Outcome> failed = upload.append(Arrays.copyOf(buf, n));
                if (failed.isPresent()) {
                    return failed.get();
                }
            }
        } catch (IOException e) {
            upload.cancel();
            return Outcome.of(StatusCode.COMMAND_FAILED, "not stored: " + e.getMessage());
        }
        return upload.finish();
    }

    /**
     * Starts taking the package for an entry piece by piece (a large object from the server, written to disk as it
     * arrives): refused at the first piece when the entry cannot take it.
     */
    public Upload upload(String entryId) {
        Optional<ImageEntry> entry = catalog.find(entryId);
        Optional<Outcome> refused = refuse(entryId, entry);
        if (refused.isPresent()) {
            return new Upload(null, refused.get(), null, 0);
        }
        try {
            return new Upload(entry.get(), null, files.begin(), room());
        } catch (RuntimeException e) {
            LOG.warning("image " + entryId + " not stored: " + e.getMessage());
            return new Upload(null, Outcome.of(StatusCode.COMMAND_FAILED, "not stored: " + e.getMessage()), null, 0);
        }
    }

    /**
     * A package arriving in pieces. Everything that reads the database happened when it was made: pieces only go to
     * the file (an HTTP upload hands them over on its event loop); {@link #finish} flushes and records, and blocks.
     */
    public final class Upload {
        private final ImageEntry entry;
        private Outcome failed;
        private ImageStore.Incoming in;
        private final long limit;

        private Upload(ImageEntry entry, Outcome refused, ImageStore.Incoming in, long limit) {
            this.entry = entry;
            this.failed = refused;
            this.in = in;
            this.limit = limit;
        }

        /** Takes the next piece; the outcome when it cannot (then nothing is kept). */
        public Optional<Outcome> append(byte[] bytes) {
            if (failed != null) {
                return Optional.of(failed);
            }
            try {
                in.append(bytes, bytes.length, limit);
                return Optional.empty();
            } catch (ImageStore.TooLarge e) {
                return Optional.of(fail(Outcome.of(StatusCode.REQUEST_ENTITY_TOO_LARGE, e.getMessage()
                        + " (GwConfig/ImageQuotaMB)")));
            } catch (IOException | RuntimeException e) {
                LOG.warning("image " + entry.entryId() + " not stored: " + e.getMessage());
                return Optional.of(fail(Outcome.of(StatusCode.COMMAND_FAILED, "not stored: " + e.getMessage())));
            }
        }

        /** All pieces are in: checked and stored. */
        public Outcome finish() {
            if (failed != null) {
                return failed;
            }
            try (ImageStore.Incoming whole = in) {
                return keep(entry, whole);
            } catch (IOException e) {
                return Outcome.of(StatusCode.COMMAND_FAILED, "not stored: " + e.getMessage());
            }
        }

        /** The pieces stop coming: whatever was written goes. */
        public void cancel() {
            fail(Outcome.of(StatusCode.COMMAND_FAILED, "cancelled"));
        }

        private Outcome fail(Outcome o) {
            failed = o;
            if (in != null) {
                in.close();
                in = null;
            }
            return o;
        }
    }

    /** Fetches an entry's Source in the background: 202, then an ImageStored alert with the correlator. */
    public Outcome download(String entryId, String correlator) {
        Optional<ImageEntry> entry = catalog.find(entryId);
        Optional<Outcome> refused = refuse(entryId, entry);
        if (refused.isPresent()) {
            return refused.get();
        }
        String source = entry.get().source();
        if (source == null || source.isBlank()) {
            return Outcome.of(StatusCode.BAD_REQUEST, "image entry " + entryId + " has no Source to download");
        }
        if (!catalog.downloading(entryId, correlator, clock.millis())) {
            return Outcome.of(StatusCode.COMMAND_NOT_ALLOWED, "image entry " + entryId + " is downloading already");
        }
        return launch(entry.get(), correlator) ? Outcome.of(StatusCode.ACCEPTED, "downloading " + source)
                : Outcome.of(StatusCode.COMMAND_FAILED, "the gateway is shutting down");
    }

    /** At start: downloads a stop interrupted begin again (the partial file is gone), and report as they would have. */
    public void resume() {
        for (ImageEntry e : catalog.downloadingEntries()) {
            LOG.info("image " + e.entryId() + ": the download from " + e.source() + " was interrupted by a stop;"
                    + " starting it again");
            launch(e, catalog.correlator(e.entryId()));
        }
    }

    private boolean launch(ImageEntry entry, String correlator) {
        try {
            downloads.execute(() -> fetch(entry, correlator));
            return true;
        } catch (RejectedExecutionException e) {
            catalog.status(entry.entryId(), ImageEntry.FAILED, "the gateway is shutting down", clock.millis());
            return false;
        }
    }

    private Optional<Outcome> refuse(String entryId, Optional<ImageEntry> entry) {
        if (!enabled()) {
            return Optional.of(Outcome.of(StatusCode.COMMAND_NOT_ALLOWED, "image storage is turned off"
                    + " (GwConfig/ImageStorage)"));
        }
        if (entry.isEmpty()) {
            return Optional.of(Outcome.of(StatusCode.NOT_FOUND, "no image entry " + entryId));
        }
        return Optional.empty();
    }

    /** What the store holds against its quota: entries, the bytes of their files (each file once) and the quota. */
    public record Usage(int entries, long usedBytes, long quotaBytes) {
    }

    public Usage usage() {
        return new Usage(catalog.list().size(), catalog.usedBytes(), quotaBytes.getAsLong());
    }

    /** Bytes the quota leaves. */
    private long room() {
        return Math.max(0, quotaBytes.getAsLong() - catalog.usedBytes());
    }

    private void fetch(ImageEntry entry, String correlator) {
        Outcome outcome;
        try {
            outcome = fetchAndKeep(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.of(StatusCode.COMMAND_FAILED, "interrupted");
        } catch (RuntimeException e) {
            outcome = Outcome.of(StatusCode.COMMAND_FAILED, e.toString());
        }
        if (outcome.status() != StatusCode.OK.code()) {
            LOG.warning("image " + entry.entryId() + " from " + entry.source() + " not stored: " + outcome.message());
            catalog.status(entry.entryId(), ImageEntry.FAILED, outcome.message(), clock.millis());
        }
        ImageEntry now = catalog.find(entry.entryId()).orElse(entry);
        alerts.enqueue(ImageStoredAlert.of(now, outcome, now.sha256() == null ? null : uri(now.sha256()),
                correlator));
    }

    private Outcome fetchAndKeep(ImageEntry entry) throws InterruptedException {
        ImageStore.Incoming in = files.begin();
        try {
            long limit = room();
            for (int attempt = 0; ; attempt++) {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(entry.source()))
                        .timeout(Duration.ofMinutes(1)).GET();
                if (in.size() > 0) {
                    req.header("Range", "bytes=" + in.size() + "-");
                }
                try {
                    HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream body = resp.body()) {
                        if (resp.statusCode() == 200 && in.size() > 0) {
                            in.close(); // the server does not resume: start over
                            in = files.begin();
                        } else if (resp.statusCode() != 200 && resp.statusCode() != 206) {
                            return Outcome.of(StatusCode.COMMAND_FAILED, "HTTP " + resp.statusCode() + " from "
                                    + entry.source());
                        }
                        in.append(body, limit);
                    }
                    return keep(entry, in);
                } catch (ImageStore.TooLarge e) {
                    return Outcome.of(StatusCode.REQUEST_ENTITY_TOO_LARGE, e.getMessage() + " (GwConfig/ImageQuotaMB)");
                } catch (IOException e) {
                    if (attempt >= RESUMES) {
                        return Outcome.of(StatusCode.COMMAND_FAILED, "download failed after " + RESUMES
                                + " resumes: " + e.getMessage());
                    }
                    LOG.info("image " + entry.entryId() + ": download dropped at " + in.size() + " bytes ("
                            + e.getMessage() + "), resuming");
                    Thread.sleep(Math.min(10_000, 200L << attempt));
                }
            }
        } finally {
            in.close();
        }
    }

    /** Checks an image against what the server said, then stores it and points the entry at it. */
    private Outcome keep(ImageEntry entry, ImageStore.Incoming in) throws IOException {
        if (entry.wantSize() != null && entry.wantSize() != in.size()) {
            return Outcome.of(StatusCode.SIZE_MISMATCH, "the image has " + in.size() + " bytes, Size said "
                    + entry.wantSize());
        }
        ImageStore.Stored s = in.store();
        if (entry.wantSha256() != null && !entry.wantSha256().equals(s.sha256())) {
            if (!catalog.isStored(s.sha256())) {
                files.delete(s.sha256()); // nobody else's: not kept
            }
            return Outcome.of(StatusCode.BAD_REQUEST, "the image hashes to " + s.sha256() + ", Sha256 said "
                    + entry.wantSha256());
        }
        catalog.stored(entry.entryId(), s.sha256(), s.size(), clock.millis());
        LOG.info("image " + entry.entryId() + " stored: " + s.sha256() + ", " + s.size() + " bytes");
        collect(); // the entry may have let go of another image
        return Outcome.of(StatusCode.OK, "stored " + s.sha256());
    }

    public Outcome delete(String entryId) {
        if (!catalog.delete(entryId)) {
            return Outcome.of(StatusCode.NOT_FOUND, "no image entry " + entryId);
        }
        collect();
        return Outcome.of(StatusCode.OK, "deleted");
    }

    /** Retention: deletes the images no entry refers to. */
    public List<String> collect() {
        List<String> gone = catalog.unreferenced();
        gone.forEach(files::delete);
        if (!gone.isEmpty()) {
            LOG.info("images no entry refers to deleted: " + gone);
        }
        return gone;
    }
}
