package io.omadm.gateway.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image files on a real directory: named by hash, stored once, never visible half-written. */
class ImageStoreTest {

    @TempDir
    Path dir;

    private static List<String> names(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anImageIsStoredUnderItsHashOnceHoweverOftenItArrives() throws Exception {
        ImageStore store = new ImageStore(dir);
        byte[] bytes = "firmware 2.1".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        for (int i = 0; i < 2; i++) {
            try (ImageStore.Incoming in = store.begin()) {
                in.append(new ByteArrayInputStream(bytes), 1000);
                assertEquals(new ImageStore.Stored(sha, bytes.length), in.store());
            }
        }
        assertEquals(List.of(sha, "incoming"), names(dir));
        assertEquals(List.of(), names(dir.resolve("incoming")));
        assertEquals("firmware 2.1", Files.readString(store.file(sha).orElseThrow()));
        store.delete(sha);
        assertTrue(store.file(sha).isEmpty());
        assertTrue(store.file("../etc/passwd").isEmpty(), "only hashes name files");
    }

    @Test
    void anIngestThatFailsOrIsTooLargeLeavesNothingAndAPartialOneIsGoneAfterARestart() throws Exception {
        ImageStore store = new ImageStore(dir);
        try (ImageStore.Incoming in = store.begin()) {
            byte[] big = new byte[5000];
            assertThrows(ImageStore.TooLarge.class, () -> in.append(new ByteArrayInputStream(big), 4096));
        }
        try (ImageStore.Incoming in = store.begin()) {
            in.append(new byte[] {1, 2, 3}, 3, 100); // never stored: dropped on close
        }
        assertEquals(List.of("incoming"), names(dir));
        assertEquals(List.of(), names(dir.resolve("incoming")));

        ImageStore.Incoming crashed = store.begin(); // as if the process died here: its part file stays behind
        crashed.append(new byte[] {9}, 1, 100);
        assertEquals(1, names(dir.resolve("incoming")).size());
        new ImageStore(dir); // the next start
        assertEquals(List.of(), names(dir.resolve("incoming")));
        assertFalse(names(dir).stream().anyMatch(ImageStore::isSha256), "nothing was stored");
    }
}
