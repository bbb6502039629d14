package io.omadm.gateway.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the tests of an installed gateway (the release archive, the container image) share: its ports, waiting for it
 * to be ready, and its operator API signed in as the first start's admin.
 */
public final class InstalledGateway {

    private InstalledGateway() {
    }

    /** Free ports for HTTP, HTTPS, then the demo site's MQTT, Modbus and OPC UA servers. */
    public static List<String> ports() {
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ports.add(Integer.toString(FreePort.forChildProcess()));
        }
        return ports;
    }

    /** The operator API on the HTTPS port (the gateway's own self-signed certificate), as the admin. */
    public static RequestSpecification api(String httpsPort, String password) {
        return given().relaxedHTTPSValidation().baseUri("https://127.0.0.1:" + httpsPort).auth().preemptive()
                .basic("admin", password);
    }

    /** Waits (at most 90 s) until the readiness check on the HTTP port answers 200; fails with the gateway's log. */
    public static void awaitReady(String httpPort, Process p, Supplier<String> log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the installed gateway did not get ready; its log:\n" + log.get());
    }

    /** SIGTERM, as systemd or a container engine stops it, then at most 30 s to finish. */
    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
