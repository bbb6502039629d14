package io.omadm.gateway.app;

import static io.omadm.gateway.testing.InstalledGateway.api;
import static io.omadm.gateway.testing.InstalledGateway.awaitReady;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.InstalledGateway;
import io.omadm.gateway.testing.Prerequisite;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image that {@code mvn package} builds without a daemon (scripts/image → target/omadm-gateway-oci.tar), run
 * as a site's engine runs it: unpacked by umoci, whose runtime bundle carries the image's own entrypoint, user,
 * environment and working directory, and started by runc with a read-only root filesystem, a tmpfs on /tmp and a
 * host directory on the image's data volume. The only changes to what the image says are the ones an operator's
 * {@code docker run} makes: the host's network (so the test reaches it on 127.0.0.1), ports and the demo site chosen
 * by environment variables. It comes up healthy, its own healthcheck command says so, it reads a demo MQTT device,
 * and what it wrote on the volume is there after the container is replaced.
 */
class ContainerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA = "/var/lib/omadm-gateway";

    @TempDir
    Path work;

    private final List<String> containers = new ArrayList<>();
    private String runc = "runc";

    @AfterEach
    void removeContainers() throws Exception {
        for (String id : containers) {
            new ProcessBuilder(runc, "delete", "--force", id).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theImageRunsReadOnlyAsItsOwnUserAndKeepsItsVolumeAcrossAReplacedContainer() throws Exception {
        Path image = Path.of("target/omadm-gateway-oci.tar");
        if (!Files.exists(image)) {
            Prerequisite.missing("no target/omadm-gateway-oci.tar: mvn package builds it where umoci is installed"
                    + " (apt-get install -y umoci jq; scripts/test does it)");
        }
        ExternalTool.require("umoci", "umoci");
        runc = ExternalTool.require("runc", "runc").toString();
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisite.missing("runc needs root here to start the image's container (CI runs as root)");
        }
        Path layout = Files.createDirectories(work.resolve("layout"));
        ExternalTool.run(List.of("tar", "-xf", image.toAbsolutePath().toString(), "-C", layout.toString()));
        JsonNode config = imageConfig(layout);
        assertImageDeclaresWhatASiteNeeds(config);
        Path bundle = work.resolve("bundle");
        ExternalTool.run(List.of("umoci", "unpack", "--image", layout + ":gateway", bundle.toString()));
        Path data = Files.createDirectories(work.resolve("data"));
        ExternalTool.run(List.of("chown", "10001:10001", data.toString()));
        List<String> ports = InstalledGateway.ports();
        // the image's Java: JDK 25 with the AOT cache of the build's training start where the build machine has a
        // JDK 25 (as CI's does), else Debian's 17 without one (scripts/image)
        boolean jdk25 = Files.readString(bundle.resolve("rootfs/opt/java/release")).contains("JAVA_VERSION=\"25");
        asAnOperatorRunsIt(bundle.resolve("config.json"), data, ports, jdk25);
        assertEquals(jdk25, config.path("config").path("Entrypoint").toString().contains("-XX:AOTCache="),
                "an AOT cache exactly when the runtime is JDK 25: " + config.path("config").path("Entrypoint"));

        String password;
        Process first = run(bundle, "first");
        try {
            awaitReady(ports.get(0), first, this::logs);
            String health = healthcheck(config, "first"); // fails on a non-zero exit
            assertTrue(health.trim().endsWith("/q/health/ready: 200"), health);
            password = Files.readString(data.resolve("admin-password")).trim();
            api(ports.get(1), password).get("/api/v1/devices/demo-sensor-1/tree/SetPoint").then().statusCode(200)
                    .body("value", equalTo("50"));
            api(ports.get(1), password).contentType(ContentType.JSON).body("{\"name\":\"kept\"}")
                    .post("/api/v1/groups").then().statusCode(201);
        } catch (RuntimeException | AssertionError e) {
            throw withLogs(e);
        } finally {
            stop(first, "first", ports);
        }
        if (jdk25) {
            assertTrue(logs().contains("Using AOT-linked classes: true"), "the AOT cache the image was trained with"
                    + " is mapped at its start");
        }
        assertTrue(Files.exists(data.resolve("gateway.mv.db")), "the database is on the volume");
        assertEquals("10001", ExternalTool.run(List.of("stat", "-c", "%u", data.resolve("gateway.mv.db").toString()))
                .trim(), "written by the image's user");
        Process second = run(bundle, "second");
        try {
            awaitReady(ports.get(0), second, this::logs);
            api(ports.get(1), password).get("/api/v1/groups/kept").then().statusCode(200);
        } catch (RuntimeException | AssertionError e) {
            throw withLogs(e);
        } finally {
            stop(second, "second", ports);
        }
    }

    /** The image's config blob, through its index and manifest (the OCI image layout), which has two layers. */
    private static JsonNode imageConfig(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").path(0).path("digest").asText()));
        assertEquals(2, manifest.path("layers").size(), "the base and the app, each its own layer: " + manifest);
        return JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()));
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
    }

    private static void assertImageDeclaresWhatASiteNeeds(JsonNode image) {
        JsonNode c = image.path("config");
        assertEquals("10001:10001", c.path("User").asText(), "not root");
        for (String port : List.of("8080/tcp", "8443/tcp", "2948/udp")) {
            assertTrue(c.path("ExposedPorts").has(port), port);
        }
        assertTrue(c.path("Volumes").has(DATA), "the data volume");
        assertTrue(c.path("Healthcheck").path("Test").size() > 1, "a healthcheck");
        assertTrue(c.path("Labels").path("org.opencontainers.image.version").asText().matches("\\d+\\.\\d+.*"),
                c.path("Labels").toString());
        assertTrue(c.path("Labels").path("org.opencontainers.image.revision").asText().matches("[0-9a-f]{7,}.*"),
                c.path("Labels").toString());
    }

    /**
     * The runtime config umoci made from the image, changed only as {@code docker run --read-only --tmpfs /tmp
     * --network host -v data:/var/lib/omadm-gateway -e ...} would.
     */
    private static void asAnOperatorRunsIt(Path runtimeConfig, Path data, List<String> ports, boolean jdk25)
            throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(runtimeConfig.toFile());
        ObjectNode process = (ObjectNode) spec.path("process");
        process.put("terminal", false);
        ((ObjectNode) spec.path("root")).put("readonly", true);
        ArrayNode namespaces = (ArrayNode) spec.path("linux").path("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if (namespaces.get(i).path("type").asText().equals("network")) {
                namespaces.remove(i);
            }
        }
        ArrayNode mounts = (ArrayNode) spec.path("mounts");
        for (int i = mounts.size() - 1; i >= 0; i--) {
            if (mounts.get(i).path("destination").asText().equals(DATA)) {
                mounts.remove(i);
            }
        }
        mounts.addObject().put("destination", DATA).put("type", "bind").put("source", data.toString())
                .putArray("options").add("rbind").add("rw");
        mounts.addObject().put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs")
                .putArray("options").add("nosuid").add("nodev").add("mode=1777").add("size=64m");
        ((ArrayNode) process.path("env")).add("QUARKUS_PROFILE=demo").add("QUARKUS_HTTP_PORT=" + ports.get(0))
                .add("GATEWAY_HTTPS_PORT=" + ports.get(1)).add("GATEWAY_DEMO_MQTT_PORT=" + ports.get(2))
                .add("GATEWAY_DEMO_MODBUS_PORT=" + ports.get(3)).add("GATEWAY_DEMO_OPCUA_PORT=" + ports.get(4))
                .add("GATEWAY_NOTIFICATION_UDP_PORT=0");
        if (jdk25) {
            ((ArrayNode) process.path("env")).add("JDK_JAVA_OPTIONS=-Xlog:aot=info"); // whether the cache was taken
        }
        JSON.writeValue(runtimeConfig.toFile(), spec);
    }

    private static String containerId(String name) {
        return "omadm-gw-it-" + name + "-" + ProcessHandle.current().pid();
    }

    private Process run(Path bundle, String name) throws IOException {
        String id = containerId(name);
        containers.add(id);
        Process p = new ProcessBuilder(runc, "run", "--bundle", bundle.toString(), id).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    /**
     * SIGTERM through runc, as an engine stops a container, then the container deleted and its ports seen closed:
     * should runc have been killed before its container's process ended, a second container would find the first's
     * gateway still answering on the same ports (its readiness would be the first's).
     */
    private void stop(Process p, String name, List<String> ports) throws IOException, InterruptedException {
        InstalledGateway.stop(p);
        String id = containerId(name);
        new ProcessBuilder(runc, "delete", "--force", id).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (listening(ports.get(0)) || listening(ports.get(1))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the " + name + " container's ports are still open 30 s after it stopped");
            }
            Thread.sleep(100);
        }
    }

    private static boolean listening(String port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 500);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** The image's healthcheck command, run in the container as an engine runs it. */
    private String healthcheck(JsonNode image, String name) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(runc, "exec", containerId(name)));
        JsonNode test = image.path("config").path("Healthcheck").path("Test");
        assertEquals("CMD", test.path(0).asText());
        for (int i = 1; i < test.size(); i++) {
            cmd.add(test.get(i).asText());
        }
        return ExternalTool.run(cmd);
    }

    /** A failure with what the containers logged, to tell a fault of the image from one of the test. */
    private AssertionError withLogs(Throwable e) {
        return new AssertionError(e + "\nthe containers' logs:\n" + logs(), e);
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("first", "second")) {
            try {
                out.append(Files.readString(work.resolve(name + ".log")));
            } catch (IOException e) {
                out.append("(no log of the ").append(name).append(" container)");
            }
        }
        return out.toString();
    }
}
