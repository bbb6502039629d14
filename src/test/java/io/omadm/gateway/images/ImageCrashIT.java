package io.omadm.gateway.images;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.omadm.gateway.testing.GatewayProcess;
import io.restassured.http.ContentType;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of an image download: no image is visible as stored, nothing corrupt is left, and after a
 * new start on the same data directory the download begins again by itself and stores the right bytes. The origin
 * is an HTTP server in this test process that sends the 8 MB image slowly (256 KB every 50 ms).
 */
class ImageCrashIT {

    private static final int SIZE = 8 * 1024 * 1024;

    @TempDir
    Path dataDir;

    private static List<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static long largest(Path dir) throws Exception {
        long max = 0;
        for (String n : names(dir)) {
            max = Math.max(max, Files.size(dir.resolve(n)));
        }
        return max;
    }

    @Test
    void aDownloadKilledMidwayLeavesNothingStoredAndRunsAgainAfterARestart() throws Exception {
        byte[] image = new byte[SIZE];
        new Random(9).nextBytes(image);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        AtomicInteger requests = new AtomicInteger();
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/fw.bin", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, image.length);
            try (OutputStream body = ex.getResponseBody()) {
                for (int off = 0; off < image.length; off += 256 * 1024) {
                    body.write(image, off, 256 * 1024);
                    body.flush();
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                // the gateway went away
            }
        });
        origin.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        origin.start();
        Map<String, String> config = Map.of("gateway.data-dir", dataDir.toString(),
                "gateway.notification.udp-port", "0", "gateway.images.base-url", "http://127.0.0.1:{port}");
        Path images = dataDir.resolve("images");
        try {
            GatewayProcess first = GatewayProcess.start(config);
            try {
                String api = "http://127.0.0.1:" + first.httpPort() + "/api/v1/images";
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                        given().get(api).statusCode() == 200);
                given().contentType(ContentType.JSON).body(Map.of("id", "fw", "source", "http://127.0.0.1:"
                        + origin.getAddress().getPort() + "/fw.bin", "sha256", sha)).post(api).then().statusCode(201);
                given().post(api + "/fw/download").then().statusCode(202);
                // part of it has arrived in incoming/
                await().atMost(Duration.ofSeconds(30)).until(() -> largest(images.resolve("incoming")) > 1024 * 1024);
            } finally {
                first.kill();
            }
            assertTrue(names(images).stream().noneMatch(ImageStore::isSha256), "nothing stored: " + names(images));

            try (GatewayProcess second = GatewayProcess.start(config)) {
                String api = "http://127.0.0.1:" + second.httpPort() + "/api/v1/images";
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                        "stored".equals(given().get(api + "/fw").then().extract().path("status")));
                assertEquals(sha, given().get(api + "/fw").then().extract().path("sha256"));
                byte[] served = given().get("http://127.0.0.1:" + second.httpPort() + "/images/" + sha).asByteArray();
                assertEquals(sha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served)));
                assertEquals(List.of(), names(images.resolve("incoming")), "no partial file is left");
                assertEquals(2, requests.get(), "fetched again after the restart, once");
            }
        } finally {
            origin.stop(0);
        }
    }
}
