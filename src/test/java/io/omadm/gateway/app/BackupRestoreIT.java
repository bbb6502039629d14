package io.omadm.gateway.app;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.LineDevice;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online backup as a site uses it (docs/deploy.md): taken through the API while a fanout runs, downloaded, put
 * back by {@code scripts/admin restore} into an empty data directory on another gateway with the first one's key
 * file, and that gateway resumes the job: every device gets its command, and a device whose result the backup holds
 * is not commanded again. The devices are "line" devices served by this test process ({@link LineDevice}, 300 ms per
 * command), so their count of commands outlives both gateways.
 */
class BackupRestoreIT {

    private static final int DEVICES = 20;

    @TempDir
    Path first;

    @TempDir
    Path second;

    @TempDir
    Path downloads;

    private static Map<String, String> config(Path dataDir) {
        return Map.of("gateway.data-dir", dataDir.toString(), "gateway.notification.udp-port", "0",
                "gateway.fanout.threads", "2");
    }

    @Test
    void aBackupTakenDuringAFanoutRestoresToAGatewayThatFinishesTheJob() throws Exception {
        List<LineDevice> devices = new ArrayList<>();
        try {
            for (int i = 0; i < DEVICES; i++) {
                devices.add(new LineDevice(0, 300));
            }
            Set<String> answeredBeforeBackup;
            Path backup = downloads.resolve("backup.zip");
            String keyId;
            GatewayProcess running = GatewayProcess.start(config(first));
            try {
                running.awaitOk("/q/health/ready");
                String base = "http://127.0.0.1:" + running.httpPort();
                startFanout(base, devices);
                await().atMost(Duration.ofSeconds(30)).until(() -> given().get(base + "/api/v1/fanouts/kept-job")
                        .then().extract().<Integer>path("answered") >= 4);
                answeredBeforeBackup = answered(base);
                Map<String, Object> made = given().post(base + "/api/v1/backups").then().statusCode(201).extract()
                        .path("");
                keyId = (String) made.get("keyId");
                String job = given().get(base + "/api/v1/fanouts/kept-job").then().extract().path("status");
                assertEquals("running", job, "the backup was taken while the job ran");
                Files.write(backup, given().get(base + "/api/v1/backups/" + made.get("name")).then().statusCode(200)
                        .extract().asByteArray());
            } finally {
                running.kill();
            }
            assertTrue(answeredBeforeBackup.size() < DEVICES, "taken mid-job: " + answeredBeforeBackup);

            String restored = restore(backup, first.resolve("secret.key"));
            assertTrue(restored.contains(keyId), restored);
            try (GatewayProcess resumed = GatewayProcess.start(config(second))) {
                // up first, so that a restored gateway that cannot start fails here with its log (once, in the
                // suite of 2026-12-07, it never answered and the test could only say "connection refused")
                resumed.awaitOk("/q/health/ready");
                String base = "http://127.0.0.1:" + resumed.httpPort();
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                        "completed".equals(given().get(base + "/api/v1/fanouts/kept-job").then().extract()
                                .path("status")));
                Map<String, Integer> counts = given().get(base + "/api/v1/fanouts/kept-job").then().extract()
                        .path("counts");
                assertEquals(Map.of("200", DEVICES), counts, resumed.log());
            }
            for (int i = 0; i < DEVICES; i++) {
                int sets = devices.get(i).sets();
                assertTrue(sets >= 1, "line-" + i + " was commanded");
                if (answeredBeforeBackup.contains("line-" + i)) {
                    assertEquals(1, sets, "line-" + i + " had its result in the backup: not commanded again");
                }
            }
        } finally {
            for (LineDevice d : devices) {
                d.close();
            }
        }
    }

    private static void startFanout(String base, List<LineDevice> devices) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            ids.add("line-" + i);
            given().contentType(ContentType.JSON).body(Map.of("devId", "line-" + i, "mode", "adaptation", "protocol",
                    "line", "address", devices.get(i).address(), "profile", "line-demo"))
                    .post(base + "/api/v1/devices").then().statusCode(201);
        }
        given().contentType(ContentType.JSON).body(Map.of("id", "kept-job", "targets", Map.of("devIds", ids),
                "commands", List.of(Map.of("op", "Replace", "path", "Mode", "data", "eco")),
                "timeoutSeconds", 300)).post(base + "/api/v1/fanouts").then().statusCode(202);
    }

    private static Set<String> answered(String base) {
        List<Map<String, Object>> items = given().get(base + "/api/v1/fanouts/kept-job/results?limit=100").then()
                .extract().path("items");
        return items.stream().filter(m -> m.get("status") != null).map(m -> (String) m.get("devId"))
                .collect(Collectors.toSet());
    }

    /** scripts/admin restore, as an operator runs it with the gateway stopped. */
    private String restore(Path backup, Path keyFile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new AdminCommand(Map.of()).run(new String[] {"restore", backup.toString(), "--data-dir",
            second.toString(), "--key-file", keyFile.toString()}, System.in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
