package io.omadm.gateway.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** The operator's side of a proxy-mode device and its command queue, as the southbound tests use it. */
public final class QueuedCommands {

    private QueuedCommands() {
    }

    /**
     * The operator adds the proxy-mode device (without an account: it need not authenticate). The default registration
     * policy holds a device that merely announces itself as pending, with no command for it.
     */
    public static void provision(String devId) {
        given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "proxy")).post("/api/v1/devices")
                .then().statusCode(201);
    }

    /** Queues {@code {op, path[, data]}} for the device; the command's id. */
    public static long queue(String devId, String op, String path, String data) {
        Map<String, String> body = data == null ? Map.of("op", op, "path", path)
                : Map.of("op", op, "path", path, "data", data);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/devices/{d}/commands", devId).then()
                .statusCode(202).extract().<Number>path("id").longValue();
    }

    /** The command as the operator API shows it: id, op, path, status (null until answered), result. */
    public static Map<String, Object> command(String devId, long id) {
        List<Map<String, Object>> all = given().get("/api/v1/devices/{d}/commands", devId).then().statusCode(200)
                .extract().path("");
        return all.stream().filter(m -> ((Number) m.get("id")).longValue() == id).findFirst().orElseThrow();
    }
}
