package io.omadm.gateway.images;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.omadm.gateway.testing.dmserver.DmSessions.replace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The image store through DM sessions, the operator API and HTTP on loopback: the server sends a package or has the
 * gateway download it (resuming after a dropped connection), gets ImageStored with its Correlator, and devices fetch
 * it by its hash with ranges and ETags; storage off, the quota, and a wrong hash are refused; deleting entries frees
 * the files.
 */
abstract class ImagesCases {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String II = GwmoNames.IMAGE_INVENTORY + "/";

    @Inject
    SessionRunner sessions;

    @ConfigProperty(name = "gateway.data-dir")
    String dataDir;

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static Command addNode(String uri) {
        return new ItemCommand(Verb.ADD, "1", false, null, Meta.format("node"), null, List.of(Item.target(uri)));
    }

    private static Command exec(String uri, String correlator) {
        return new ItemCommand(Verb.EXEC, "1", false, null, null, correlator, List.of(Item.target(uri)));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<JsonNode> imageAlerts(String correlator) {
        return DmServerResource.server.genericAlerts().stream().filter(a -> correlator.equals(a.correlator()))
                .flatMap(a -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_IMAGE_STORED.equals(i.meta().type())).map(i -> {
                    try {
                        return JSON.readTree(i.data().asText());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private long storedFiles() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(dataDir, "images"))) {
            return s.filter(p -> ImageStore.isSha256(p.getFileName().toString())).count();
        }
    }

    @Test
    void thePackageTheServerSendsIsServedByHashWithRangesAndEtagsAndStoredOnce() throws Exception {
        byte[] image = random(20_000, 1);
        String sha = sha256(image);
        String b64 = Base64.getEncoder().encodeToString(image);
        List<Command> first = session(addNode(II + "fw-a"), replace(II + "fw-a/ID", "chr", "sensor-fw-2.1"),
                replace(II + "fw-a/Sha256", "chr", sha), replace(II + "fw-a/Data", "b64", b64));
        assertEquals(List.of(200, 200, 200), codes(first, "Replace"), first.toString());
        List<Command> out = session(addNode(II + "fw-b"), replace(II + "fw-b/Data", "b64", b64),
                ItemCommand.of(Verb.GET, "1", Item.target(II + "fw-a/Sha256"), Item.target(II + "fw-a/Size"),
                        Item.target(II + "fw-a/Status"), Item.target(II + "fw-a/URI")));
        assertEquals(List.of(200), codes(out, "Replace"), out.toString());
        String values = DmSessions.values(out, II + "fw-a/");
        assertTrue(values.startsWith("Sha256=" + sha + " Size=20000 Status=stored URI=http://"), values);
        assertTrue(values.endsWith("/images/" + sha), values);
        assertEquals(1, storedFiles(), "two entries, one file (DCIS-002)");

        Response whole = given().get("/images/" + sha);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(image, whole.asByteArray());
        assertEquals("\"" + sha + "\"", whole.header("ETag"));
        given().header("If-None-Match", "\"" + sha + "\"").get("/images/" + sha).then().statusCode(304);
        Response part = given().header("Range", "bytes=100-199").get("/images/" + sha);
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/20000", part.header("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(image, 100, 200), part.asByteArray());
        Response head = given().head("/images/" + sha);
        assertEquals("20000", head.header("Content-Length"));
        assertEquals(0, head.asByteArray().length);
        given().header("Range", "bytes=20000-").get("/images/" + sha).then().statusCode(416)
                .header("Content-Range", "bytes */20000");
        given().get("/images/" + "0".repeat(64)).then().statusCode(404);
        given().get("/images/not-a-hash").then().statusCode(404);

        // a device elsewhere gets a URL with its own token from the operator
        String url = given().get("/api/v1/images/fw-a/url?dev=plc-7").then().statusCode(200).extract().path("url");
        assertTrue(url.contains("/images/" + sha + "?dev=plc-7&token="), url);

        // the server turns storage off: nothing is served and nothing taken in; on again, all is there
        assertEquals(List.of(200), codes(session(replace(GwmoNames.GW_CONFIG + "/ImageStorage", "bool", "false")),
                "Replace"));
        given().get("/images/" + sha).then().statusCode(403);
        assertEquals(List.of(405), codes(session(replace(II + "fw-b/Data", "b64", b64)), "Replace"));
        assertEquals(List.of(200), codes(session(replace(GwmoNames.GW_CONFIG + "/ImageStorage", "bool", "true")),
                "Replace"));
        given().get("/images/" + sha).then().statusCode(200);

        // retention: the file goes with the last entry that used it
        assertEquals(List.of(200), codes(session(new ItemCommand(Verb.DELETE, "1", false, null, null, null,
                List.of(Item.target(II + "fw-a")))), "Delete"));
        assertEquals(1, storedFiles());
        given().delete("/api/v1/images/fw-b").then().statusCode(204);
        assertEquals(0, storedFiles());
        given().get("/images/" + sha).then().statusCode(404);
    }

    @Test
    void aDownloadResumesAfterItsConnectionDropsAndTheServerHearsWithItsCorrelator() throws Exception {
        byte[] image = random(3_000_000, 2);
        String sha = sha256(image);
        List<String> ranges = new CopyOnWriteArrayList<>();
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/fw.bin", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            try (OutputStream body = ex.getResponseBody()) {
                if (range == null) { // the first try: the connection drops a third of the way
                    ex.sendResponseHeaders(200, image.length);
                    body.write(image, 0, image.length / 3);
                    body.flush();
                    throw new java.io.IOException("dropped"); // the server closes the connection mid-body
                }
                int from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (image.length - 1) + "/"
                        + image.length);
                ex.sendResponseHeaders(206, image.length - from);
                body.write(image, from, image.length - from);
            }
        });
        origin.createContext("/other.bin", ex -> {
            ex.sendResponseHeaders(200, 5);
            try (OutputStream body = ex.getResponseBody()) {
                body.write(new byte[] {1, 2, 3, 4, 5});
            }
        });
        origin.start();
        String base = "http://127.0.0.1:" + origin.getAddress().getPort();
        try {
            List<Command> out = session(addNode(II + "fw-d"), replace(II + "fw-d/Source", "chr", base + "/fw.bin"),
                    replace(II + "fw-d/Sha256", "chr", sha), replace(II + "fw-d/Size", "int", "3000000"),
                    exec(II + "fw-d/Operations/Download", "corr-img-1"));
            assertEquals(List.of(202), codes(out, "Exec"));
            await().atMost(Duration.ofSeconds(30)).until(() -> imageAlerts("corr-img-1").size() == 1);
            JsonNode alert = imageAlerts("corr-img-1").get(0);
            assertEquals("stored", alert.get("status").asText(), alert.toString());
            assertEquals(sha, alert.get("sha256").asText());
            assertTrue(alert.get("uri").asText().endsWith("/images/" + sha), alert.toString());
            assertEquals("null", ranges.get(0));
            assertTrue(ranges.size() >= 2 && ranges.get(ranges.size() - 1).startsWith("bytes="), ranges.toString());
            assertArrayEquals(image, given().get("/images/" + sha).asByteArray());

            // a package that is not what the server said: failed, reported, nothing stored
            given().contentType(ContentType.JSON).body(Map.of("id", "fw-bad", "source", base + "/other.bin",
                    "sha256", sha)).post("/api/v1/images").then().statusCode(201);
            List<Command> bad = session(exec(II + "fw-bad/Operations/Download", "corr-img-2"));
            assertEquals(List.of(202), codes(bad, "Exec"));
            await().atMost(Duration.ofSeconds(30)).until(() -> imageAlerts("corr-img-2").size() == 1);
            JsonNode failed = imageAlerts("corr-img-2").get(0);
            assertEquals("failed", failed.get("status").asText());
            assertTrue(failed.get("reason").asText().contains("Sha256 said"), failed.toString());
            given().get("/api/v1/images/fw-bad").then().statusCode(200).body("status",
                    org.hamcrest.Matchers.equalTo("failed"));

            // the quota (GwConfig/ImageQuotaMB) refuses what does not fit: 2 MB, and 3 MB are stored
            session(replace(GwmoNames.GW_CONFIG + "/ImageQuotaMB", "int", "2"));
            given().contentType(ContentType.JSON).body(Map.of("id", "fw-big")).post("/api/v1/images").then()
                    .statusCode(201);
            List<Command> big = session(replace(II + "fw-big/Data", "b64", Base64.getEncoder().encodeToString(
                    random(1000, 3))));
            assertEquals(List.of(413), codes(big, "Replace"), big.toString());
        } finally {
            session(replace(GwmoNames.GW_CONFIG + "/ImageQuotaMB", "int", "1024"));
            origin.stop(0);
            for (String id : List.of("fw-d", "fw-bad", "fw-big")) {
                given().delete("/api/v1/images/" + id);
            }
        }
        Alert any = DmServerResource.server.genericAlerts().stream().filter(a -> "corr-img-1".equals(a.correlator()))
                .findFirst().orElseThrow();
        assertEquals(1, any.items().size());
    }

    @Test
    void aPackageSentAsALargeObjectAcrossMessagesGoesToDiskAsItArrives() throws Exception {
        byte[] image = random(300_000, 5);
        String sha = sha256(image);
        String b64 = Base64.getEncoder().encodeToString(image);
        int piece = 40_001; // not a whole number of b64 groups: chunks end inside a group
        List<ScriptedDmServer.Step> steps = new ArrayList<>();
        for (int off = 0; off < b64.length(); off += piece) {
            boolean first = off == 0;
            boolean last = off + piece >= b64.length();
            Meta meta = first ? Meta.format("b64").withSize((long) b64.length()) : Meta.format("b64");
            Command chunk = new ItemCommand(Verb.REPLACE, "1", false, null, null, null, List.of(new Item(
                    Location.of(II + "fw-lo/Data"), null, meta, Data.text(b64.substring(off, Math.min(b64.length(),
                            off + piece))), !last)));
            List<Command> message = first ? List.of(addNode(II + "fw-lo"), chunk) : List.of(chunk);
            steps.add(in -> new ScriptedDmServer.Reply(message, last));
        }
        ScriptedDmServer server = DmServerResource.server;
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.lastResult().isPresent());
        int before = server.exchanges().size();
        server.script(steps.toArray(ScriptedDmServer.Step[]::new));
        sessions.request("test");
        await().atMost(Duration.ofSeconds(60)).until(server::scriptFinished);
        List<Integer> codes = server.exchanges().subList(before, server.exchanges().size()).stream()
                .flatMap(e -> e.request().body().commands().stream())
                .filter(c -> c instanceof io.omadm.gateway.syncml.Status st && st.cmd().equals("Replace"))
                .map(c -> ((io.omadm.gateway.syncml.Status) c).code()).toList();
        server.script();
        List<Integer> expected = new ArrayList<>(java.util.Collections.nCopies(steps.size() - 1, 213));
        expected.add(200);
        assertEquals(expected, codes);
        assertTrue(steps.size() > 5, "the package took " + steps.size() + " messages");
        given().get("/api/v1/images/fw-lo").then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo(
                "stored")).body("sha256", org.hamcrest.Matchers.equalTo(sha));
        assertArrayEquals(image, given().get("/images/" + sha).asByteArray());
        given().delete("/api/v1/images/fw-lo").then().statusCode(204);
    }

    @Test
    void badDescriptionsAreRefusedWithTheirReason() {
        given().contentType(ContentType.JSON).body(Map.of("id", "x y")).post("/api/v1/images").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("id", "fw-ftp", "source", "ftp://host/fw.bin"))
                .post("/api/v1/images").then().statusCode(400).body("error",
                        org.hamcrest.Matchers.containsString("http"));
        given().post("/api/v1/images/nothing/download").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("id", "fw-nosrc")).post("/api/v1/images").then()
                .statusCode(201);
        given().post("/api/v1/images/fw-nosrc/download").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("id", "fw-nosrc")).post("/api/v1/images").then()
                .statusCode(409);
        given().delete("/api/v1/images/fw-nosrc").then().statusCode(204);
    }
}
