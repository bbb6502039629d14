package io.omadm.gateway.app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.OperatorCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line admin on the packaged gateway: {@code scripts/admin} makes the first admin of a fresh data
 * directory (its password from standard input), and the gateway then started on it takes that password and makes
 * no other admin, writes no password file.
 */
class AdminCommandIT {

    @TempDir
    Path dataDir;

    @Test
    void theAdminMadeOnTheCommandLineSignsInToTheGatewayStartedAfter() throws Exception {
        Process admin = new ProcessBuilder(List.of("scripts/admin", "set-password", "admin", "--data-dir",
                dataDir.toString())).redirectErrorStream(true).start();
        admin.getOutputStream().write("from-the-command-line-1\n".getBytes(StandardCharsets.UTF_8));
        admin.getOutputStream().close();
        String said = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(admin.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, admin.exitValue(), said);
        assertTrue(said.contains("user 'admin' created, role admin"), said);

        try (GatewayProcess gw = GatewayProcess.start(Map.of("gateway.data-dir", dataDir.toString(),
                "gateway.notification.udp-port", "0"))) {
            gw.awaitOk("/q/health/ready");
            String base = "http://127.0.0.1:" + gw.httpPort();
            given().auth().preemptive().basic("admin", "from-the-command-line-1").get(base + "/api/v1/users/me")
                    .then().statusCode(200);
            given().auth().preemptive().basic("admin", OperatorCredentials.PASSWORD).get(base + "/api/v1/users/me")
                    .then().statusCode(401);
            assertFalse(Files.exists(dataDir.resolve("admin-password")), "no first-start password was made");
        }
    }
}
