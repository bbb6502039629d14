package io.omadm.gateway.southbound;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Commands queued for a proxy-mode OMA DM device go out in its next session with the gateway (Package 2, then 4 while
 * more are left), and its Status and Results come back into the queue; a session with nothing queued ends at once.
 * The device is a DM 1.2 client simulator, in XML and in WBXML.
 */
@QuarkusTest
class ProxyRelayTest {

    @TestHTTPResource("/dm")
    URL dm;

    private static long queue(String devId, String op, String path, String data) {
        Map<String, String> body = data == null ? Map.of("op", op, "path", path)
                : Map.of("op", op, "path", path, "data", data);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/devices/{d}/commands", devId).then()
                .statusCode(202).extract().<Number>path("id").longValue();
    }

    private static Map<String, Object> command(String devId, long id) {
        List<Map<String, Object>> all = given().get("/api/v1/devices/{d}/commands", devId).then().statusCode(200)
                .extract().path("");
        return all.stream().filter(m -> ((Number) m.get("id")).longValue() == id).findFirst().orElseThrow();
    }

    @Test
    void queuedCommandsGoOutInTheDevicesNextSessionAndTheirAnswersComeBack() throws Exception {
        for (Encoding encoding : List.of(Encoding.XML, Encoding.WBXML)) {
            String devId = "prox-" + encoding.name().toLowerCase(java.util.Locale.ROOT);
            SimulatedDmDevice device = new SimulatedDmDevice(devId, encoding);
            device.tree.put("./App/Level", "3");
            device.tree.put("./App/Reboot", "");
            assertEquals(1, device.session(dm.toString()), "first contact: nothing queued, one message");

            long get = queue(devId, "Get", "./DevInfo/Mod", null);
            long replace = queue(devId, "Replace", "./App/Level", "7");
            long exec = queue(devId, "Exec", "./App/Reboot", null);
            long missing = queue(devId, "Get", "./App/None", null);
            assertNull(command(devId, get).get("status"), "not answered before the device's session");

            assertEquals(2, device.session(dm.toString()), "Package 1, then Package 3 answering the commands");
            assertEquals(200, command(devId, get).get("status"));
            assertEquals("Sim-42", command(devId, get).get("result"));
            assertEquals(200, command(devId, replace).get("status"));
            assertEquals("7", device.tree.get("./App/Level"));
            assertEquals(200, command(devId, exec).get("status"));
            assertEquals(404, command(devId, missing).get("status"));

            assertEquals(1, device.session(dm.toString()), "answered commands are not sent again");
            assertEquals(4, device.received.size());
        }
    }

    @Test
    void manyQueuedCommandsGoOutAFewPerMessage() throws Exception {
        SimulatedDmDevice device = new SimulatedDmDevice("prox-many", Encoding.XML);
        device.session(dm.toString());
        for (int i = 0; i < DeviceSessions.COMMANDS_PER_MESSAGE + 5; i++) {
            queue("prox-many", "Replace", "./App/V" + i, Integer.toString(i));
        }
        assertEquals(3, device.session(dm.toString()), "20 commands, then 5, then the end");
        assertEquals(Integer.toString(DeviceSessions.COMMANDS_PER_MESSAGE + 4),
                device.tree.get("./App/V" + (DeviceSessions.COMMANDS_PER_MESSAGE + 4)));
    }

    @Test
    void onlyProxyDevicesTakeQueuedCommandsAndBadOnesAreRefused() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "adapt-q", "mode", "adaptation", "profile",
                "sim-demo")).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "./X")).post(
                "/api/v1/devices/adapt-q/commands").then().statusCode(405);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "./X")).post(
                "/api/v1/devices/nobody/commands").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("devId", "prox-bad", "mode", "proxy")).post(
                "/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("op", "Fetch", "path", "./X")).post(
                "/api/v1/devices/prox-bad/commands").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "X")).post(
                "/api/v1/devices/prox-bad/commands").then().statusCode(400);
    }
}
