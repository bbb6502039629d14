package io.omadm.gateway.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The image files (GwMO-DCIS-002): each stored once, named by its SHA-256, under one directory. An image is written
 * to a file of its own under {@code incoming/}, hashed as it arrives, flushed to disk and only then moved to its name
 * in one step: a partial or failed ingest is never visible as stored, and a crash leaves at most a file in
 * {@code incoming/}, which the next start deletes.
 */
public final class ImageStore {

    private static final Logger LOG = Logger.getLogger(ImageStore.class.getName());
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final Path incoming;

    public ImageStore(Path dir) {
        this.dir = dir;
        this.incoming = dir.resolve("incoming");
        try {
            Files.createDirectories(incoming);
            int left = 0;
            try (DirectoryStream<Path> partial = Files.newDirectoryStream(incoming)) {
                for (Path p : partial) {
                    Files.deleteIfExists(p);
                    left++;
                }
            }
            if (left > 0) {
                LOG.info(left + " partial image ingest(s) left by the last run deleted from " + incoming);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the image store " + dir.toAbsolutePath(), e);
        }
    }

    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /** The stored file of an image, if there is one. */
    public Optional<Path> file(String sha256) {
        if (!isSha256(sha256)) {
            return Optional.empty();
        }
        Path p = dir.resolve(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    public void delete(String sha256) {
        if (isSha256(sha256)) {
            try {
                Files.deleteIfExists(dir.resolve(sha256));
            } catch (IOException e) {
                LOG.warning("image " + sha256 + " not deleted: " + e.getMessage());
            }
        }
    }

    /** Starts writing an image. */
    public Incoming begin() {
        try {
            return new Incoming(Files.createTempFile(incoming, "ingest-", ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an image in " + incoming, e);
        }
    }

    /** An image being written: bytes are appended (a download resumes by appending), then it is stored or dropped. */
    public final class Incoming implements AutoCloseable {
        private final Path tmp;
        private final FileChannel out;
        private final MessageDigest sha;
        private long size;
        private boolean done;

        private Incoming(Path tmp) throws IOException {
            this.tmp = tmp;
            this.out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public long size() {
            return size;
        }

        /** Appends what the stream holds, stopping with {@link TooLarge} past {@code limit} bytes in all. */
        public void append(InputStream in, long limit) throws IOException {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                append(buf, n, limit);
            }
        }

        public void append(byte[] bytes, int length, long limit) throws IOException {
            if (size + length > limit) {
                throw new TooLarge(limit);
            }
            sha.update(bytes, 0, length);
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
            while (b.hasRemaining()) {
                out.write(b);
            }
            size += length;
        }

        /** Flushes the bytes to disk and gives them their name (if the same image is there already, keeps that one). */
        public Stored store() throws IOException {
            out.force(true);
            out.close();
            String hash = HexFormat.of().formatHex(sha.digest());
            Path target = dir.resolve(hash);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp); // stored once (DCIS-002)
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the image store " + dir + " cannot rename files atomically", e);
            }
            done = true;
            return new Stored(hash, size);
        }

        /** Drops what was written. */
        @Override
        public void close() {
            if (!done) {
                try {
                    out.close();
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warning("partial image " + tmp + " not deleted: " + e.getMessage());
                }
                done = true;
            }
        }
    }

    /** A stored image. */
    public record Stored(String sha256, long size) {
    }

    /** More bytes than the store may take. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the image is larger than the " + limit + " bytes the store has room for");
        }
    }
}
