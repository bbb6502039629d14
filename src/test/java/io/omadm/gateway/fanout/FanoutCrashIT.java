package io.omadm.gateway.fanout;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.LineDevice;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a fanout: after a new start on the same data directory the job goes on with the devices
 * that had no result, a device that had answered is not commanded again, and the consolidated alert reaches the
 * server once. The devices are "line" protocol devices (adapters/line.yaml) served by this test process
 * ({@link LineDevice}), so their count of commands survives the gateway's death; each takes 300 ms per command. And a
 * device its job's retry policy tries again goes on from the tries it had before the kill.
 */
class FanoutCrashIT {

    private static final Secret GATEWAY = new Secret("gateway", "gw-pass-0123456789");
    private static final int DEVICES = 24;

    @TempDir
    Path dataDir;

    private Map<String, String> config(ScriptedDmServer server) {
        return Map.of(
                "gateway.server.url", server.url().toString(),
                "gateway.server.id", "dm.fanout",
                "gateway.server.auth", "md5",
                "gateway.server.username", GATEWAY.username(),
                "gateway.server.password", GATEWAY.password(),
                "gateway.server.encoding", "xml",
                "gateway.data-dir", dataDir.toString(),
                "gateway.notification.udp-port", "0",
                "gateway.fanout.threads", "2");
    }

    private static long fanoutAlerts(ScriptedDmServer server) {
        return server.genericAlerts().stream().flatMap(a -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_FANOUT_COMPLETE.equals(i.meta().type())).count();
    }

    @Test
    void aFanoutInterruptedByKillMinus9GoesOnAfterARestartWithoutCommandingAnyDeviceTwice() throws Exception {
        List<LineDevice> devices = new ArrayList<>();
        try (ScriptedDmServer server = new ScriptedDmServer("dm.fanout", AuthType.MD5, GATEWAY, null)) {
            for (int i = 0; i < DEVICES; i++) {
                devices.add(new LineDevice(0, 300));
            }
            Set<String> answeredBeforeKill;
            GatewayProcess first = GatewayProcess.start(config(server));
            try {
                String base = "http://127.0.0.1:" + first.httpPort();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                        given().get(base + "/q/health/live").statusCode() == 200);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < DEVICES; i++) {
                    String id = "line-" + i;
                    ids.add(id);
                    given().contentType(ContentType.JSON).body(Map.of("devId", id, "mode", "adaptation", "protocol",
                            "line", "address", devices.get(i).address(), "profile", "line-demo"))
                            .post(base + "/api/v1/devices").then().statusCode(201);
                }
                given().contentType(ContentType.JSON).body(Map.of("id", "crash-1", "targets", Map.of("devIds", ids),
                        "commands", List.of(Map.of("op", "Replace", "path", "Mode", "data", "eco")),
                        "timeoutSeconds", 120)).post(base + "/api/v1/fanouts").then().statusCode(202);
                await().atMost(Duration.ofSeconds(30)).until(() -> given().get(base + "/api/v1/fanouts/crash-1")
                        .then().extract().<Integer>path("answered") >= 6);
                List<Map<String, Object>> items = given().get(base + "/api/v1/fanouts/crash-1/results?limit=100")
                        .then().extract().path("items");
                answeredBeforeKill = items.stream().filter(m -> m.get("status") != null)
                        .map(m -> (String) m.get("devId")).collect(Collectors.toSet());
            } finally {
                first.kill();
            }
            assertTrue(answeredBeforeKill.size() >= 6 && answeredBeforeKill.size() < DEVICES,
                    "killed mid-job: " + answeredBeforeKill.size() + " answered");

            try (GatewayProcess second = GatewayProcess.start(config(server))) {
                String base = "http://127.0.0.1:" + second.httpPort();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                        "completed".equals(given().get(base + "/api/v1/fanouts/crash-1").then().extract()
                                .path("status")));
                Map<String, Integer> counts = given().get(base + "/api/v1/fanouts/crash-1").then().extract()
                        .path("counts");
                assertEquals(Map.of("200", DEVICES), counts, second.log());
                await().atMost(Duration.ofSeconds(30)).until(() -> fanoutAlerts(server) >= 1);
                Thread.sleep(2000);
                assertEquals(1, fanoutAlerts(server), "the consolidated alert, exactly once");
            }
            Map<String, Integer> commanded = new HashMap<>();
            for (int i = 0; i < DEVICES; i++) {
                commanded.put("line-" + i, devices.get(i).sets());
            }
            for (String id : answeredBeforeKill) {
                assertEquals(1, commanded.get(id), id + " had answered before the kill: not commanded again "
                        + commanded);
            }
            assertTrue(commanded.values().stream().allMatch(n -> n >= 1), "every device was commanded " + commanded);
            long twice = commanded.values().stream().filter(n -> n > 1).count();
            assertTrue(twice <= 2, "only those in flight at the kill (2 threads) may be commanded again: " + commanded);
        } finally {
            for (LineDevice d : devices) {
                d.close();
            }
        }
    }

    @Test
    void aRetriedDeviceGoesOnCountingItsTriesAfterKillMinus9() throws Exception {
        try (ScriptedDmServer server = new ScriptedDmServer("dm.fanout", AuthType.MD5, GATEWAY, null);
                LineDevice flaky = new LineDevice(2, 0)) {
            GatewayProcess first = GatewayProcess.start(config(server));
            try {
                String base = "http://127.0.0.1:" + first.httpPort();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                        given().get(base + "/q/health/live").statusCode() == 200);
                given().contentType(ContentType.JSON).body(Map.of("devId", "flaky-1", "mode", "adaptation",
                        "protocol", "line", "address", flaky.address(), "profile", "line-demo"))
                        .post(base + "/api/v1/devices").then().statusCode(201);
                // a long backoff: the gateway is killed while it waits to try the device a second time
                given().contentType(ContentType.JSON).body(Map.of("id", "retry-crash", "targets", Map.of("devIds",
                        List.of("flaky-1")), "commands", List.of(Map.of("op", "Replace", "path", "Mode", "data", "eco")),
                        "timeoutSeconds", 120, "retry", Map.of("attempts", 3, "backoffMillis", 5000)))
                        .post(base + "/api/v1/fanouts").then().statusCode(202);
                await().atMost(Duration.ofSeconds(30)).until(() -> given()
                        .get(base + "/api/v1/fanouts/retry-crash/results").then().extract()
                        .<Integer>path("items[0].attempts") == 1);
                assertEquals(1, flaky.sets(), "the first try failed and is stored");
            } finally {
                first.kill();
            }
            try (GatewayProcess second = GatewayProcess.start(config(server))) {
                String base = "http://127.0.0.1:" + second.httpPort();
                // resumed: the device is tried at once (its second try), then after the backoff its third
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                        "completed".equals(given().get(base + "/api/v1/fanouts/retry-crash").then().extract()
                                .path("status")));
                Map<String, Object> result = given().get(base + "/api/v1/fanouts/retry-crash/results").then()
                        .extract().path("items[0]");
                assertEquals(200, result.get("status"), second.log());
                assertEquals(3, result.get("attempts"), "tries before the kill count: " + result);
                assertEquals(3, flaky.sets(), "never tried more often than the policy allows");
            }
        }
    }
}
