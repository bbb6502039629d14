package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.GatewayTls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The plain HTTP port's limits per source address: over its request rate an address gets 429 with Retry-After (and
 * its turn again after the wait), over its open connections the next is answered 429 and closed; HTTPS is not held
 * to them.
 */
@QuarkusTest
@TestProfile(PlainPortLimitsTest.LowLimits.class)
class PlainPortLimitsTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.security.limits.requests-per-second", "5",
                    "gateway.security.limits.request-burst", "10",
                    "gateway.security.limits.connections-per-source", "3");
        }
    }

    @TestHTTPResource("/")
    URL plain;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /**
     * Sends a keep-alive GET on an open socket and reads the status line and headers, then the body by its
     * Content-Length, byte by byte so that nothing of the next answer is read ahead.
     */
    private static List<String> get(Socket s, String path) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        List<String> head = new ArrayList<>();
        int length = 0;
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            head.add(line);
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(head.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding")), head
                .toString());
        in.readNBytes(length);
        return head;
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void anAddressOverItsRateWaitsItsTurnAndHttpsIsNotHeldUp() throws Exception {
        Awaitility.await().pollDelay(java.time.Duration.ofSeconds(3)).until(() -> true); // a full bucket
        int ok = 0;
        String retryAfter = null;
        try (Socket s = new Socket("127.0.0.1", plain.getPort())) { // one kept-alive connection, as a device's
            for (int i = 0; i < 30; i++) {
                List<String> head = get(s, "/q/health/live");
                if (head.get(0).contains(" 200 ")) {
                    ok++;
                } else {
                    assertTrue(head.get(0).contains(" 429 "), head.toString());
                    retryAfter = head.stream().filter(h -> h.startsWith("Retry-After:")).findFirst().orElseThrow();
                }
            }
        }
        assertTrue(ok >= 10 && ok < 20, "the burst of 10 and what the rate gave meanwhile: " + ok);
        assertEquals("Retry-After: 1", retryAfter);
        GatewayTls.restAssured(https);
        try {
            for (int i = 0; i < 5; i++) {
                given().get("/q/health/live").then().statusCode(200);
            }
        } finally {
            GatewayTls.plainAgain();
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() -> {
            try (Socket again = new Socket("127.0.0.1", plain.getPort())) {
                return get(again, "/q/health/live").get(0).contains(" 200 ");
            }
        });
    }

    @Test
    void anAddressHoldingTooManyConnectionsGetsTheNextOneClosed() throws Exception {
        Awaitility.await().pollDelay(java.time.Duration.ofSeconds(3)).until(() -> true); // a full bucket
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", plain.getPort());
                held.add(s);
                assertTrue(get(s, "/q/health/live").get(0).contains(" 200 "));
            }
            try (Socket fourth = new Socket("127.0.0.1", plain.getPort())) {
                List<String> head = get(fourth, "/q/health/live");
                assertTrue(head.get(0).contains(" 429 "), head.toString());
                assertTrue(head.stream().anyMatch(h -> h.equalsIgnoreCase("connection: close")), head.toString());
                assertEquals(-1, fourth.getInputStream().read(), "the gateway closed it");
            }
            assertTrue(get(held.get(0), "/q/health/live").get(0).contains(" 200 "), "the held ones still work");
            held.remove(0).close();
            Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() -> {
                try (Socket again = new Socket("127.0.0.1", plain.getPort())) {
                    return get(again, "/q/health/live").get(0).contains(" 200 ");
                }
            });
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
