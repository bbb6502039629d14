package io.omadm.gateway.southbound;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** The operator's side of a proxy-mode device's command queue, as the southbound tests use it. */
final class QueuedCommands {

    private QueuedCommands() {
    }

    /** Queues {@code {op, path[, data]}} for the device; the command's id. */
    static long queue(String devId, String op, String path, String data) {
        Map<String, String> body = data == null ? Map.of("op", op, "path", path)
                : Map.of("op", op, "path", path, "data", data);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/devices/{d}/commands", devId).then()
                .statusCode(202).extract().<Number>path("id").longValue();
    }

    /** The command as the operator API shows it: id, op, path, status (null until answered), result. */
    static Map<String, Object> command(String devId, long id) {
        List<Map<String, Object>> all = given().get("/api/v1/devices/{d}/commands", devId).then().statusCode(200)
                .extract().path("");
        return all.stream().filter(m -> ((Number) m.get("id")).longValue() == id).findFirst().orElseThrow();
    }
}
