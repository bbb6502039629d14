package io.omadm.gateway.security;

import static io.omadm.gateway.testing.QueuedCommands.command;
import static io.omadm.gateway.testing.QueuedCommands.queue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice.Account;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A secret set through the API is never shown again: not in an answer, not in a log line of the sessions that use
 * it, not in clear in any file of the data directory (which only its owner may open), before and after the key that
 * seals it is rotated.
 */
@QuarkusTest
class SecretsNeverShownTest {

    @TestHTTPResource("/dm")
    URL dm;

    @ConfigProperty(name = "gateway.data-dir")
    String dataDir;

    /** Every log line, formatted as a handler would write it, message and parameters. */
    private static final class Lines extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage() + " " + (r.getParameters() == null ? "" : List.of(r.getParameters()))
                    + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private void aSessionAuthenticatesWith(String devId, AuthType type, String client, String server)
            throws Exception {
        long id = queue(devId, "Get", "./DevInfo/Mod", null);
        SimulatedDmDevice device = new SimulatedDmDevice(devId, Encoding.XML)
                .withAccount(new Account(type, devId + "-user", client, "omadm-gateway", server));
        device.session(dm.toString());
        assertEquals(200, command(devId, id).get("status"), devId + ": the stored secrets opened and matched");
    }

    @Test
    void aDevicesSecretsAreWrittenOnlyAndNeverInClearInLogsOrFiles() throws Exception {
        String client = "cl-" + UUID.randomUUID();
        String server = "sv-" + UUID.randomUUID();
        Lines log = new Lines();
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        try {
            for (AuthType type : List.of(AuthType.MD5, AuthType.HMAC)) {
                String devId = "never-shown-" + type.name().toLowerCase();
                given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "proxy"))
                        .post("/api/v1/devices").then().statusCode(201);
                String answer = given().contentType(ContentType.JSON).body(Map.of("authType", type.name()
                        .toLowerCase(), "clientName", devId + "-user", "clientSecret", client, "serverId",
                        "omadm-gateway", "serverSecret", server)).put("/api/v1/devices/{d}/account", devId).then()
                        .statusCode(200).extract().asString();
                String account = given().get("/api/v1/devices/{d}/account", devId).then().statusCode(200).extract()
                        .asString();
                String record = given().get("/api/v1/devices/{d}", devId).then().statusCode(200).extract()
                        .asString();
                for (String shown : List.of(answer, account, record)) {
                    assertFalse(shown.contains(client) || shown.contains(server), shown);
                }
                aSessionAuthenticatesWith(devId, type, client, server);
            }

            String before = given().get("/api/v1/keys").then().statusCode(200).extract().path("keyId");
            Map<String, Object> rotated = given().post("/api/v1/keys/rotate").then().statusCode(200).extract()
                    .as(Map.class);
            assertEquals(before, rotated.get("from"));
            assertNotEquals(before, rotated.get("to"));
            assertTrue(((Number) rotated.get("resealed")).intValue() >= 4, "both devices' two secrets: " + rotated);
            assertEquals(rotated.get("to"), given().get("/api/v1/keys").then().extract().path("keyId"));
            aSessionAuthenticatesWith("never-shown-md5", AuthType.MD5, client, server);
        } finally {
            root.removeHandler(log);
        }
        assertFalse(log.lines.isEmpty(), "the sessions were logged");
        for (String line : log.lines) {
            assertFalse(line.contains(client) || line.contains(server), "a secret in the log: " + line);
        }

        Path dir = Path.of(dataDir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("secret.key"))));
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().anyMatch(f -> f.getFileName().toString().equals("gateway.mv.db")), all.toString());
            for (Path f : all) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(client) || content.contains(server), "a secret in clear in " + f);
            }
        }
    }
}
