package io.omadm.gateway.testing;

import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway (target/quarkus-app/quarkus-run.jar) as a real operating-system process, for tests that stop
 * it, kill it and start it again on the same data directory.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int httpsPort;

    private GatewayProcess(Process process, Path log, int httpPort, int httpsPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    public static GatewayProcess start(Map<String, String> config) throws IOException {
        String jar = System.getProperty("gateway.runner.jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException(jar + " is missing: integration tests run after `mvn package`");
        }
        int port = FreePort.forChildProcess();
        int httpsPort = FreePort.forChildProcess();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Dquarkus.http.port=" + port,
                // each process its own HTTPS port too (two gateways run side by side in NomadicDeviceIT)
                "-Dgateway.https-port=" + httpsPort,
                // the operator API as the tests call it (OperatorCredentials): the test admin, over plain HTTP
                "-Dgateway.security.admin-password=" + OperatorCredentials.PASSWORD,
                "-Dgateway.security.allow-plain-http=true",
                // every client of a test's gateway is on 127.0.0.1: the per-source limits would throttle them all
                "-Dgateway.security.limits.requests-per-second=1000000",
                "-Dgateway.security.limits.request-burst=1000000",
                "-Dgateway.security.limits.connections-per-source=1000000"));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        String extra = System.getenv("GATEWAY_JVM_OPTS"); // e.g. a flight recording of a benchmark's gateway
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-jar");
        cmd.add(jar);
        // whoever talks to this gateway through RestAssured (the benchmarks too, outside JUnit) signs in as its admin
        RestAssured.authentication = RestAssured.preemptive().basic(OperatorCredentials.USER,
                OperatorCredentials.PASSWORD);
        Path log = TempPaths.file("gateway", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a benchmark whose setup failed never closes its gateway (JMH skips the teardown): it goes with the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new GatewayProcess(p, log, port, httpsPort);
    }

    /** The Authorization header of the gateway's test admin, for clients other than RestAssured. */
    public static String authorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((OperatorCredentials.USER + ":"
                + OperatorCredentials.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int httpPort() {
        return httpPort;
    }

    /** The operator API and console over TLS (the gateway's own first-start certificate). */
    public int httpsPort() {
        return httpsPort;
    }

    /** Waits until {@code path} answers 200 (the gateway has started and the route is up). */
    public void awaitOk(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + httpPort + path);
        while (true) {
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("the gateway did not answer " + path + " with 200; its log:\n"
                        + logOrNothing());
            }
            Thread.sleep(200);
        }
    }

    private String logOrNothing() {
        try {
            return log();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** kill -9: no shutdown hooks, no flushing; what survives is what was durable. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
