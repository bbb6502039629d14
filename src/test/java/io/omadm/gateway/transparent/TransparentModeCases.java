package io.omadm.gateway.transparent;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transparent mode end to end: the DM server's Package 0 for a device reaches a simulated device listening on UDP and
 * HTTP on loopback byte for byte, through ./GwMO/EDTrigger in a DM session and through POST /notification with
 * X-GwMO-Target; every kind of bad notification is refused with its status and nothing reaches the device.
 */
abstract class TransparentModeCases {

    private static final String TRIGGERS = "./GwMO/EDTrigger/";

    @Inject
    SessionRunner sessions;

    private static DatagramSocket udpDevice;
    private static HttpServer httpDevice;
    private static final LinkedBlockingQueue<byte[]> httpReceived = new LinkedBlockingQueue<>();
    private static final LinkedBlockingQueue<String> httpTypes = new LinkedBlockingQueue<>();
    private static int session = 0x100;

    /** The simulated devices live as long as the class: the inventory keeps their addresses. */
    @BeforeEach
    void devices() throws Exception {
        if (udpDevice != null) {
            return;
        }
        udpDevice = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        httpDevice = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        httpDevice.createContext("/push", exchange -> {
            httpReceived.add(exchange.getRequestBody().readAllBytes());
            httpTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        httpDevice.start();
        register("td-udp", "transparent", "127.0.0.1:" + udpDevice.getLocalPort());
        register("td-http", "transparent", "http://127.0.0.1:" + httpDevice.getAddress().getPort() + "/push");
    }

    @AfterAll
    static void stop() {
        udpDevice.close();
        httpDevice.stop(0);
        udpDevice = null; // a subclass's run (over TLS) starts its own devices
    }

    private static void register(String devId, String mode, String address) {
        given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", mode, "address", address,
                "publicAddress", "203.0.113.7")).post("/api/v1/devices").then().statusCode(201);
    }

    /**
     * A fresh notification (its own session id) signed with the server's SRVCRED. The resync nonce keeps the test
     * independent of the nonce the server's sessions have moved the gateway to; the digest is checked all the same.
     */
    private static byte[] notification(Secret credentials) {
        return Package0.build(Package0.VERSION_1_2, 0, true, ++session, DmServerResource.SERVER_ID,
                new byte[] {1, 2, 3}, credentials, Package0.RESYNC_NONCE);
    }

    private static byte[] notification() {
        return notification(DmServerResource.SERVER);
    }

    private static byte[] udpReceived() throws Exception {
        return udpReceived(3000);
    }

    /** Nothing arrives: the gateway answers after it sent, so a short wait is enough to see nothing was sent. */
    private static byte[] udpNothing() throws Exception {
        return udpReceived(300);
    }

    private static byte[] udpReceived(int waitMillis) throws Exception {
        udpDevice.setSoTimeout(waitMillis);
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            udpDevice.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    private static io.restassured.response.ValidatableResponse post(String target, byte[] body) {
        return given().header("X-GwMO-Target", target).contentType("application/vnd.syncml.notification").body(body)
                .post("/notification").then();
    }

    @Test
    void aNotificationPostedForADeviceReachesItByteForByteOverUdpAndHttp() throws Exception {
        byte[] n = notification();
        post("td-udp", n).statusCode(200).body(containsString("udp://127.0.0.1:" + udpDevice.getLocalPort()));
        assertArrayEquals(n, udpReceived());

        byte[] h = notification();
        post("td-http", h).statusCode(200);
        assertArrayEquals(h, httpReceived.poll(3, TimeUnit.SECONDS));
        assertEquals("application/vnd.syncml.notification", httpTypes.poll());
    }

    @Test
    void badNotificationsAreRefusedWithTheirStatusAndNothingIsForwarded() throws Exception {
        register("td-adapt", "adaptation", "127.0.0.1:" + udpDevice.getLocalPort());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        register("td-down", "transparent", "http://127.0.0.1:" + closed + "/push");

        post("td-udp", notification(new Secret(DmServerResource.SERVER_ID, "wrong"))).statusCode(401)
                .body(containsString("bad digest"));
        post("nobody", notification()).statusCode(404);
        post("td-adapt", notification()).statusCode(405).body(containsString("adaptation"));
        byte[] good = notification();
        post("td-udp", Arrays.copyOf(good, 12)).statusCode(400);
        byte[] garbled = good.clone();
        garbled[16] = (byte) 0xFF; // version 1023
        post("td-udp", garbled).statusCode(400);
        byte[] otherServer = Package0.build(Package0.VERSION_1_2, 0, true, ++session, "dm.unknown", null,
                new Secret("dm.unknown", "x"), Package0.RESYNC_NONCE);
        post("td-udp", otherServer).statusCode(401).body(containsString("no DM account"));
        assertNull(udpNothing(), "none of them reached the device");

        post("td-udp", good).statusCode(200);
        assertArrayEquals(good, udpReceived());
        post("td-udp", good).statusCode(403).body(containsString("replay"));
        assertNull(udpNothing(), "a replay is not forwarded");

        byte[] toDown = notification();
        post("td-down", toDown).statusCode(500).body(containsString("failed"));
    }

    private static Command add(String uri, String format, String value) {
        return new ItemCommand(Verb.ADD, "1", false, null, Meta.format(format), null,
                List.of(new Item(Location.of(uri), null, null, value == null ? null : Data.text(value), false)));
    }

    private static Command exec(String uri) {
        return new ItemCommand(Verb.EXEC, "1", false, null, null, "c-" + uri, List.of(Item.target(uri)));
    }

    @Test
    void theServerTriggersADeviceThroughEdTriggerInADmSession() throws Exception {
        byte[] n = notification();
        byte[] forged = notification(new Secret(DmServerResource.SERVER_ID, "wrong"));
        List<Command> out = DmSessions.session(sessions,
                add(TRIGGERS + "t1", "node", null),
                add(TRIGGERS + "t1/DevId", "chr", "td-udp"),
                add(TRIGGERS + "t1/Notification", "b64", Base64.getEncoder().encodeToString(n)),
                exec(TRIGGERS + "t1/Operations/Send"),
                add(TRIGGERS + "t2", "node", null),
                add(TRIGGERS + "t2/DevId", "chr", "td-udp"),
                add(TRIGGERS + "t2/Notification", "b64", Base64.getEncoder().encodeToString(forged)),
                exec(TRIGGERS + "t2/Operations/Send"),
                add(TRIGGERS + "t3", "node", null),
                add(TRIGGERS + "t3/DevId", "chr", "td-gone"),
                add(TRIGGERS + "t3/Notification", "b64", Base64.getEncoder().encodeToString(notification())),
                exec(TRIGGERS + "t3/Operations/Send"),
                ItemCommand.of(Verb.GET, "1", Item.target(TRIGGERS + "t1/Status"),
                        Item.target("./GwMO/DevInventory/td-udp/PublicAddress")));
        assertEquals(List.of(200, 401, 404), codes(out, "Exec"));
        assertArrayEquals(n, udpReceived(), "t1's notification, byte for byte");
        assertNull(udpNothing(), "t2's forged one never left the gateway");
        String values = DmSessions.values(out, "");
        assertTrue(values.contains(TRIGGERS + "t1/Status=200 delivered to udp://127.0.0.1:"), values);
        assertTrue(values.contains("./GwMO/DevInventory/td-udp/PublicAddress=203.0.113.7"),
                "B.1: the server reads where it could push directly: " + values);
    }
}
