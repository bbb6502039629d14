package io.omadm.gateway.app;

import static io.omadm.gateway.testing.InstalledGateway.api;
import static io.omadm.gateway.testing.InstalledGateway.awaitReady;
import static io.omadm.gateway.testing.InstalledGateway.stop;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.InstalledGateway;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a site installs it (target/omadm-gateway-&lt;v&gt;.tar.gz, made by {@code mvn package}):
 * unpacked, started with its own launcher and files only ({@code bin/gateway --demo}, the archive's adapters and
 * config template), it comes up healthy with a generated admin password, reads a demo MQTT device and writes an OPC UA
 * one through the operator API, and after a restart finds what it stored.
 */
class ReleaseArchiveIT {

    @TempDir
    Path install;

    @Test
    void theUnpackedArchiveRunsTheDemoSiteAndKeepsItsDataAcrossARestart() throws Exception {
        Path archive;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            archive = built.filter(p -> p.getFileName().toString().matches("omadm-gateway-.*\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no release archive: mvn package"));
        }
        ExternalTool.run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", install.toString(),
                "--strip-components=1"));
        for (String f : List.of("bin/gateway", "app/quarkus-run.jar", "adapters/mqtt.yaml",
                "config/application.properties", "systemd/omadm-gateway.service")) {
            assertTrue(Files.exists(install.resolve(f)), f + " is in the archive");
        }
        assertTrue(Files.isExecutable(install.resolve("bin/gateway")));
        List<String> ports = InstalledGateway.ports();
        String password;
        Process first = start(ports);
        try {
            awaitReady(ports.get(0), first, this::logs);
            Path secret = install.resolve("data-demo/admin-password");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(secret), "the generated password is the owner's alone");
            password = Files.readString(secret).trim();
            api(ports.get(1), password).get("/api/v1/devices/demo-sensor-1/tree/SetPoint").then().statusCode(200)
                    .body("value", equalTo("50"));
            api(ports.get(1), password).contentType(ContentType.TEXT).body("1800")
                    .put("/api/v1/devices/demo-machine/tree/Speed").then().statusCode(200);
            api(ports.get(1), password).contentType(ContentType.JSON).body("{\"name\":\"kept\"}")
                    .post("/api/v1/groups").then().statusCode(201);
        } finally {
            stop(first);
        }
        Process second = start(ports);
        try {
            awaitReady(ports.get(0), second, this::logs);
            api(ports.get(1), password).get("/api/v1/groups/kept").then().statusCode(200);
            // the demo machine starts afresh; what the gateway stored of the write is in its audit trail
            api(ports.get(1), password).get("/api/v1/audit").then().statusCode(200)
                    .body(containsString("demo-machine"));
        } finally {
            stop(second);
        }
    }

    private Process start(List<String> ports) throws IOException {
        List<String> cmd = List.of(install.resolve("bin/gateway").toString(), "--demo",
                "-Dquarkus.http.port=" + ports.get(0), "-Dgateway.https-port=" + ports.get(1),
                "-Dgateway.demo.mqtt-port=" + ports.get(2), "-Dgateway.demo.modbus-port=" + ports.get(3),
                "-Dgateway.demo.opcua-port=" + ports.get(4), "-Dgateway.notification.udp-port=0");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(install.resolve("gateway-" + System.nanoTime() + ".log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.list(install)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                out.append(Files.readString(f));
            }
        } catch (IOException e) {
            out.append("(no log: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }
}
