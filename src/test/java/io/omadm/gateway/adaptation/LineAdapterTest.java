package io.omadm.gateway.adaptation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omadm.gateway.testing.TreeReads;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.TreeUri;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The README's worked example of a protocol added with YAML alone (adapters/line.yaml, a netty route) against a real
 * line-based TCP device on loopback.
 */
@QuarkusTest
class LineAdapterTest {

    @Inject
    DmTree tree;

    /** A device that answers "GET x" with its value and "SET x v" with OK, one line per request. */
    private static ServerSocket device(Map<String, String> values) throws Exception {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] p = line.split(" ", 3);
                        if (p[0].equals("GET")) {
                            out.println(values.getOrDefault(p[1], "ERR no such point"));
                        } else if (p[0].equals("SET") && p.length == 3) {
                            values.put(p[1], p[2]);
                            out.println("OK");
                        } else {
                            out.println("ERR bad request");
                        }
                    }
                } catch (Exception closed) {
                    // the next connection, or the end of the test
                }
            }
        }, "line-device");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private String value(String uri) {
        return TreeReads.value(tree, uri);
    }

    @Test
    void aProtocolWrittenInYamlAloneServesGetAndReplace() throws Exception {
        Map<String, String> values = new ConcurrentHashMap<>(Map.of("Temperature", "19.5", "Mode", "eco"));
        try (ServerSocket device = device(values)) {
            given().contentType(ContentType.JSON).body(Map.of("devId", "line-1", "mode", "adaptation",
                    "protocol", "line", "profile", "line-demo", "address", "127.0.0.1:" + device.getLocalPort()))
                    .post("/api/v1/devices").then().statusCode(201);
            String t = "./GwMO/DevInventory/line-1/Tree/";
            assertEquals("19.5", value(t + "Temperature"));
            assertEquals(200, tree.replace(TreeUri.parse(t + "Mode").orElseThrow(), "chr", null,
                    "boost".getBytes(StandardCharsets.UTF_8), null).status());
            assertEquals("boost", values.get("Mode"));
            assertEquals("boost", value(t + "Mode"));
            values.remove("Temperature");
            assertEquals("status 500", value(t + "Temperature"), "the device's ERR answer is a 500");
        }
    }
}
