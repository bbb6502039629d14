package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.OperatorCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins slowed down: ten wrong passwords from one address lock it out (429 with Retry-After, counted in a
 * metric) while the right password from another address still signs in. The callers are real sockets bound to other
 * loopback addresses (127.0.0.2, 127.0.0.3), so the gateway sees three distinct sources.
 */
@QuarkusTest
class LoginLockoutTest {

    /** A GET of the device list from a source address, as a raw HTTP/1.1 request; the status line and Retry-After. */
    private static String[] get(String from, String user, String password) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), RestAssured.port), 5000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1/devices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            String retryAfter = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("retry-after:")) {
                    retryAfter = line.substring(12).trim();
                }
            }
            return new String[] {status.split(" ")[1], retryAfter};
        }
    }

    @Test
    void tenWrongPasswordsFromOneAddressLockItWhileTheRightOneFromAnotherStillSignsIn() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals("401", get("127.0.0.2", "admin", "guess-" + i)[0], "attempt " + (i + 1));
        }
        String[] locked = get("127.0.0.2", "admin", "guess-10");
        assertEquals("429", locked[0], "the 11th from that address");
        assertTrue(Integer.parseInt(locked[1]) > 0 && Integer.parseInt(locked[1]) <= 300, "Retry-After " + locked[1]);
        assertEquals("429", get("127.0.0.2", "admin", OperatorCredentials.PASSWORD)[0],
                "locked: even the right password waits");
        assertEquals("200", get("127.0.0.3", "admin", OperatorCredentials.PASSWORD)[0], "another address signs in");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gateway_login_lockouts_total") && !l.endsWith(" 0.0")),
                "the lockout is counted");
    }
}
