package io.omadm.gateway.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container image's healthcheck: the image carries no curl or shell, so its health command is this class, run on
 * the image's own Java runtime ({@code java -cp <app jar> io.omadm.gateway.app.HealthProbe [url]}). Without a URL it
 * asks the readiness check on the HTTP port the container was given ({@code QUARKUS_HTTP_PORT}, else 8080). Exit
 * status 0 when the URL answers 200, 1 otherwise, with one line saying why; JDK classes only, so it starts in a
 * fraction of a second and never loads Quarkus.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:"
                + System.getenv().getOrDefault("QUARKUS_HTTP_PORT", "8080") + "/q/health/ready";
        int status = probe(url);
        if (status == 200) {
            System.out.println(url + ": 200");
            return;
        }
        System.err.println(url + (status < 0 ? ": no answer" : ": " + status));
        System.exit(1);
    }

    /** The HTTP status of a GET on the URL, or -1 when nothing answers within 3 seconds. */
    static int probe(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(3000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }
}
