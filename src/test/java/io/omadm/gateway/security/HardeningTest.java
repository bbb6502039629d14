package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a browser, a slow client or an oversized message meets: security headers on every answer, no CORS, 413 before
 * the body of a message larger than a face takes, and a silent connection closed (a short idle timeout here).
 */
@QuarkusTest
@TestProfile(HardeningTest.ShortIdleTimeout.class)
class HardeningTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndNoCorsGrant() {
        given().auth().none().get("/q/health/live").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Referrer-Policy", "no-referrer");
        given().header("Origin", "http://evil.example").get("/api/v1/devices").then().statusCode(200)
                .header("Cache-Control", equalTo("no-store")).header("Access-Control-Allow-Origin", nullValue());
        given().auth().none().header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "DELETE").options("/api/v1/devices").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /** Sends only a request head and reads what comes back, with the connection's fate. */
    private String head(String request) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMessageLargerThanTheFaceTakesIsRefusedBeforeItsBodyIsRead() throws IOException {
        String dm = head("POST /dm HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.syncml.dm+xml\r\n"
                + "Content-Length: 104857600\r\n\r\n");
        assertTrue(dm.startsWith("HTTP/1.1 413"), dm);
        assertTrue(dm.contains("1048576 bytes at most"), dm);
        String p0 = head("POST /notification HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.syncml.notification"
                + "\r\nContent-Length: 5000\r\n\r\n");
        assertTrue(p0.startsWith("HTTP/1.1 413"), p0);
        given().auth().none().contentType("application/vnd.syncml.dm+xml").body(new byte[0]).post("/dm").then()
                .statusCode(400);
        given().auth().none().contentType("application/vnd.syncml.notification").body(new byte[0])
                .post("/notification").then().statusCode(400);
    }

    @Test
    void aConnectionThatSaysNothingIsClosed() throws IOException {
        long start = System.nanoTime();
        String answer = head("POST /dm HTTP/1.1\r\nHost: x\r\n"); // a head that never ends
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals("", answer, "closed without an answer");
        assertTrue(seconds < 9, "closed by the idle timeout (2 s here), after " + seconds + " s");
    }
}
