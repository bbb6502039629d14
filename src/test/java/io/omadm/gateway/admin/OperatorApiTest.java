package io.omadm.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /api/v1/devices and /api/v1/groups over real HTTP. */
@QuarkusTest
class OperatorApiTest {

    private static void create(String devId, String mode, String model) {
        given().contentType(ContentType.JSON)
                .body(Map.of("devId", devId, "mode", mode, "model", model, "protocol", "mqtt", "address", "t/" + devId,
                        "authSecret", "never-shown"))
                .post("/api/v1/devices").then().statusCode(201)
                .header("Location", containsString("/api/v1/devices/"));
    }

    @Test
    void devicesAreCreatedReadChangedAndDeletedWithoutEverShowingSecrets() {
        create("api-dev-1", "proxy", "X1");
        given().get("/api/v1/devices/api-dev-1").then().statusCode(200)
                .body("devId", equalTo("api-dev-1"))
                .body("mode", equalTo("proxy"))
                .body("status", equalTo("detached"))
                .body("authSecret", nullValue())
                .body(not(containsString("never-shown")));
        given().contentType(ContentType.JSON).body(Map.of("mode", "transparent"))
                .put("/api/v1/devices/api-dev-1/mode").then().statusCode(200).body("mode", equalTo("transparent"));
        given().delete("/api/v1/devices/api-dev-1").then().statusCode(204);
        given().get("/api/v1/devices/api-dev-1").then().statusCode(404).body("error", containsString("api-dev-1"));
    }

    @Test
    void aDevIdThatIsNoNodeNameIsAddressedByItsEscapedNodeName() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "site/plc?7", "mode", "adaptation"))
                .post("/api/v1/devices").then().statusCode(201).body("nodeName", equalTo("site%2Fplc%3F7"));
        given().get("/api/v1/devices/{d}", "site%2Fplc%3F7").then().statusCode(200).body("devId", equalTo("site/plc?7"));
    }

    @Test
    void everyDevicePathTakesTheNodeNameOrTheDevId() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "cell/robot?2", "mode", "proxy"))
                .post("/api/v1/devices").then().statusCode(201).body("nodeName", equalTo("cell%2Frobot%3F2"));
        given().get("/api/v1/devices/{d}", "cell/robot?2").then().statusCode(200).body("nodeName",
                equalTo("cell%2Frobot%3F2"));
        // queued by the node name, listed by the DevId: the same device's queue
        long id = given().contentType(ContentType.JSON).body(Map.of("op", "Get", "path", "./DevInfo/Mod"))
                .post("/api/v1/devices/{d}/commands", "cell%2Frobot%3F2").then().statusCode(202)
                .body("message", containsString("cell/robot?2")).extract().jsonPath().getLong("id");
        given().get("/api/v1/devices/{d}/commands", "cell/robot?2").then().statusCode(200)
                .body("id", hasItem((int) id));
        given().get("/api/v1/devices/{d}/commands", "cell%2Frobot%3F2").then().statusCode(200)
                .body("id", hasItem((int) id));
        for (String d : new String[] {"cell%2Frobot%3F2", "cell/robot?2"}) {
            given().get("/api/v1/devices/{d}/presence", d).then().statusCode(200)
                    .body("change", hasItem("registered"));
            given().get("/api/v1/devices/{d}/account", d).then().statusCode(200)
                    .body("devId", equalTo("cell/robot?2"));
        }
        given().contentType(ContentType.JSON).body(Map.of("mode", "adaptation"))
                .put("/api/v1/devices/{d}/mode", "cell/robot?2").then().statusCode(200);
        for (String d : new String[] {"cell%2Frobot%3F2", "cell/robot?2"}) {
            // found, and refused at its point (it has no profile): the answer names the device's point
            given().get("/api/v1/devices/{d}/tree/{p}", d, "Speed").then().statusCode(404)
                    .body("error", containsString(d + ", Speed")).body("error", not(containsString("no device")));
        }
        given().get("/api/v1/devices/{d}/tree/{p}", "no-such-device", "Speed").then().statusCode(404)
                .body("error", containsString("no device no-such-device"));
        given().get("/api/v1/devices/{d}/presence", "no-such-device").then().statusCode(404);
        given().delete("/api/v1/devices/{d}", "cell/robot?2").then().statusCode(204);
        given().get("/api/v1/devices/{d}", "cell%2Frobot%3F2").then().statusCode(404);
    }

    @Test
    void aDeviceWithoutAnIdGetsALocalOne() {
        given().contentType(ContentType.JSON).body(Map.of("protocol", "modbus", "address", "10.9.9.9:502"))
                .post("/api/v1/devices").then().statusCode(201)
                .body("devId", startsWith("local-")).body("localId", equalTo(true));
    }

    @Test
    void listingFiltersAndPages() {
        for (int i = 0; i < 5; i++) {
            create("list-" + i, i < 2 ? "proxy" : "adaptation", "LM");
        }
        given().get("/api/v1/devices?model=LM&mode=adaptation&limit=2&offset=1").then().statusCode(200)
                .body("total", equalTo(3)).body("items", hasSize(2)).body("items[0].devId", equalTo("list-3"))
                .body("limit", equalTo(2));
    }

    @Test
    void invalidInputIsA400NamingTheField() {
        given().get("/api/v1/devices?status=sleeping").then().statusCode(400).body("field", equalTo("status"));
        given().get("/api/v1/devices?limit=5000").then().statusCode(400).body("field", equalTo("limit"));
        given().contentType(ContentType.JSON).body(Map.of("devId", "bad-mode", "mode", "teleport"))
                .post("/api/v1/devices").then().statusCode(400).body("field", equalTo("mode"))
                .body("error", containsString("teleport"));
        given().contentType(ContentType.JSON).body(Map.of("man", "Acme"))
                .post("/api/v1/devices").then().statusCode(400).body("field", equalTo("devId"));
        create("dup-1", "proxy", "D");
        given().contentType(ContentType.JSON).body(Map.of("devId", "dup-1"))
                .post("/api/v1/devices").then().statusCode(409).body("field", equalTo("devId"));
        given().contentType(ContentType.JSON).body("{not json").post("/api/v1/devices").then().statusCode(400);
    }

    @Test
    void groupsAndMembersAreManagedAndFilterTheDeviceList() {
        create("g-dev-1", "proxy", "G");
        given().contentType(ContentType.JSON).body(Map.of("name", "hall-a", "displayName", "Hall A"))
                .post("/api/v1/groups").then().statusCode(201).body("displayName", equalTo("Hall A"));
        given().contentType(ContentType.JSON).body(Map.of("devId", "g-dev-1"))
                .post("/api/v1/groups/hall-a/members").then().statusCode(201)
                .body("members.devId", hasItem("g-dev-1"));
        given().contentType(ContentType.JSON).body(Map.of("devId", "nobody"))
                .post("/api/v1/groups/hall-a/members").then().statusCode(400).body("field", equalTo("devId"));
        given().get("/api/v1/devices?group=hall-a").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].groups", hasItem("hall-a"));
        given().get("/api/v1/devices/g-dev-1").then().body("groups", hasItem("hall-a"));
        given().contentType(ContentType.JSON).body(Map.of("displayName", "Hall A (east)"))
                .put("/api/v1/groups/hall-a").then().statusCode(200).body("displayName", equalTo("Hall A (east)"));
        given().delete("/api/v1/groups/hall-a/members/g-dev-1").then().statusCode(204);
        given().delete("/api/v1/groups/hall-a").then().statusCode(204);
        given().get("/api/v1/groups/hall-a").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("name", "a/b"))
                .post("/api/v1/groups").then().statusCode(400).body("field", equalTo("name"));
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/devices")).body(containsString("/api/v1/groups"));
    }
}
