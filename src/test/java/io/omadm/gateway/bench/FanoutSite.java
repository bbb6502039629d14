package io.omadm.gateway.bench;

import static io.restassured.RestAssured.given;

import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.TempPaths;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as the fanout benchmarks run it: its own process (the packaged jar, {@code -Xmx256m}) with one adapter
 * and one device profile whose {@code devices:} list declares the fleet, and a fanout timed through the operator API.
 */
final class FanoutSite implements AutoCloseable {

    private final GatewayProcess gateway;
    private final String base;

    private FanoutSite(GatewayProcess gateway) {
        this.gateway = gateway;
        this.base = "http://127.0.0.1:" + gateway.httpPort();
    }

    /**
     * Starts the gateway with adapters/{protocol}.yaml and adapters/profiles/{profile}.yaml plus the given
     * {@code devices:} entries (YAML list items), and waits until all of them are in the inventory.
     */
    static FanoutSite start(String protocol, String profile, List<String> devices, Map<String, String> config)
            throws Exception {
        Path adapters = TempPaths.dir("bench-adapters");
        Files.createDirectories(adapters.resolve("profiles"));
        Files.copy(Path.of("adapters/" + protocol + ".yaml"), adapters.resolve(protocol + ".yaml"));
        StringBuilder yaml = new StringBuilder(Files.readString(Path.of("adapters/profiles/" + profile + ".yaml")))
                .append("devices:\n");
        devices.forEach(d -> yaml.append("  - ").append(d).append('\n'));
        Files.writeString(adapters.resolve("profiles/" + profile + ".yaml"), yaml);
        Map<String, String> all = new HashMap<>(Map.of(
                "gateway.data-dir", TempPaths.dir("bench-data").toString(),
                "gateway.adapters.dir", adapters.toString(),
                "gateway.notification.udp-port", "0",
                "quarkus.log.level", "WARN"));
        all.putAll(config);
        FanoutSite site = new FanoutSite(GatewayProcess.start(all));
        site.awaitDevices(devices.size());
        return site;
    }

    /** A gateway started otherwise, once {@code devices} devices are in its inventory. */
    static FanoutSite around(GatewayProcess gateway, int devices) throws Exception {
        FanoutSite site = new FanoutSite(gateway);
        site.awaitDevices(devices);
        return site;
    }

    /** The gateway's plain HTTP base URL. */
    String base() {
        return base;
    }

    private void awaitDevices(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (given().get(base + "/api/v1/devices?limit=1").then().extract().<Integer>path("total") == count) {
                    return;
                }
            } catch (Exception notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not come up with " + count + " devices:\n"
                        + gateway.log());
            }
            Thread.sleep(500);
        }
    }

    /** Runs one fanout of one Replace over the devices of a model; fails unless every one of them answered 200. */
    int replaceOnModel(String jobId, String model, String path, String value, int devices) throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("id", jobId, "targets", Map.of("filter",
                Map.of("model", model)), "commands", List.of(Map.of("op", "Replace", "path", path, "data", value)),
                "timeoutSeconds", 600)).post(base + "/api/v1/fanouts").then().statusCode(202);
        while (true) {
            Map<String, Object> job = given().get(base + "/api/v1/fanouts/" + jobId).then().extract().path("");
            if (!"running".equals(job.get("status"))) {
                @SuppressWarnings("unchecked")
                Map<String, Integer> counts = (Map<String, Integer>) job.get("counts");
                if (!Integer.valueOf(devices).equals(counts.get("200"))) {
                    throw new IllegalStateException("fanout " + jobId + " ended " + job);
                }
                return devices;
            }
            Thread.sleep(50); // each look counts 10,000 results: looking more often slows what it measures
        }
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
