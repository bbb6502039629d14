package io.omadm.gateway.app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** /q/metrics (Prometheus, DESIGN §2): the JVM's meters and the gateway's own, with values that match the API. */
@QuarkusTest
class GatewayMetricsTest {

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), series + " missing from /q/metrics");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theGatewaysMetersAreServedAndTheDeviceCountsAreTheInventorys() throws IOException {
        given().contentType(ContentType.JSON).body(Map.of("devId", "metrics-dev-1", "mode", "adaptation"))
                .post("/api/v1/devices").then().statusCode(201);
        int total = given().get("/api/v1/devices?limit=1").then().statusCode(200).extract().path("total");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(total, value(metrics, "gateway_devices{status=\"attached\"}")
                + value(metrics, "gateway_devices{status=\"detached\"}")
                + value(metrics, "gateway_devices{status=\"pending\"}"), 0.0,
                "attached + detached + pending = the inventory");
        assertTrue(value(metrics, "gateway_proxy_auth_lockouts_total") >= 0);
        assertTrue(value(metrics, "gateway_alerts_queued") >= 0);
        assertTrue(value(metrics, "gateway_fanout_jobs_running") >= 0);
        assertTrue(value(metrics, "gateway_proxy_sessions_open") >= 0);
        assertTrue(value(metrics, "gateway_fanout_results_written_total")
                >= value(metrics, "gateway_fanout_results_commits_total"), "a commit stores one result or more");
        assertTrue(value(metrics, "gateway_proxy_answers_writes_total")
                >= value(metrics, "gateway_proxy_answers_commits_total"));
        long file = Files.size(Path.of(ConfigProvider.getConfig().getValue("gateway.data-dir", String.class),
                "gateway.mv.db"));
        assertEquals(file, value(metrics, "gateway_database_file_size_bytes"), 1 << 20, "the H2 file's size");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "Quarkus's own meters too");
    }
}
