package io.omadm.gateway.fanout;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.gwmo.GwmoNames;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a fanout: after a new start on the same data directory the job goes on with the devices
 * that had no result, a device that had answered is not commanded again, and the consolidated alert reaches the
 * server once. The devices are "line" protocol devices (adapters/line.yaml) served by this test process, so their
 * count of commands survives the gateway's death; each takes 300 ms per command.
 */
class FanoutCrashIT {

    private static final Secret GATEWAY = new Secret("gateway", "gw-pass-0123456789");
    private static final int DEVICES = 24;

    @TempDir
    Path dataDir;

    /** A line device: answers "SET <point> <value>" with "OK" after 300 ms, counting the SETs. */
    private static final class LineDevice implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger sets = new AtomicInteger();

        LineDevice() throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        new Thread(() -> serve(s)).start();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(s.getOutputStream(), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    Thread.sleep(300);
                    if (line.startsWith("SET ")) {
                        sets.incrementAndGet();
                    }
                    out.println(line.startsWith("SET ") ? "OK" : "21.5");
                }
            } catch (Exception e) {
                // the gateway went away
            }
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

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
                devices.add(new LineDevice());
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
                commanded.put("line-" + i, devices.get(i).sets.get());
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
}
