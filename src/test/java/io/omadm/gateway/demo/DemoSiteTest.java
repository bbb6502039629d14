package io.omadm.gateway.demo;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import io.omadm.gateway.testing.FreePort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo site (scripts/run --demo): its simulated MQTT sensors, Modbus PLC and OPC UA machine come up with the
 * gateway, are attached, and their points are read and written through the adapters, here through the operator API.
 */
@QuarkusTest
@TestProfile(DemoSiteTest.Demo.class)
class DemoSiteTest {

    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // below the ephemeral range: a port from new ServerSocket(0) may be taken by an outgoing connection
            // before the demo binds it (it happened: the OPC UA server found no endpoint to bind)
            int mqtt = FreePort.forChildProcess();
            return Map.of("gateway.demo.enabled", "true", "gateway.demo.mqtt-port", Integer.toString(mqtt),
                    "gateway.demo.modbus-port", Integer.toString(FreePort.forChildProcess()),
                    "gateway.demo.opcua-port", Integer.toString(FreePort.forChildProcess()),
                    "gateway.mqtt.url", "tcp://127.0.0.1:" + mqtt, "gateway.sparkplug.enabled", "true");
        }
    }

    private static String point(String device, String path) {
        return "/api/v1/devices/" + device + "/tree/" + path;
    }

    @Test
    void everyDemoDeviceIsAttachedAndAnswersThroughItsAdapter() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String d : new String[] {"demo-sensor-1", "demo-sensor-2", "demo-plc", "demo-machine",
                "spb:Demo:demo-edge", "spb:Demo:demo-edge:filler-1", "spb:Demo:demo-edge:filler-2"}) {
                given().get("/api/v1/devices/" + d).then().statusCode(200).body("status", equalTo("attached"));
            }
        });

        given().get(point("demo-sensor-1", "Temperature")).then().statusCode(200).body("value", equalTo("21.0"));

        String filler = "spb:Demo:demo-edge:filler-2"; // Sparkplug: a DCMD, then the node's DDATA
        given().get(point(filler, "Temperature")).then().statusCode(200).body("value", equalTo("21.0"));
        given().contentType(ContentType.TEXT).body("75").put(point(filler, "Config/Rate")).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get(point(filler, "Config/Rate")).then()
                .statusCode(200).body("value", equalTo("75")));
        given().contentType(ContentType.TEXT).body("65").put(point("demo-sensor-2", "SetPoint"))
                .then().statusCode(200).body("value", equalTo("65"));
        given().get(point("demo-sensor-1", "SetPoint")).then().statusCode(200).body("value", equalTo("50"));

        given().get(point("demo-plc", "Temperature")).then().statusCode(200).body("value", equalTo("21.5"));
        given().contentType(ContentType.TEXT).body("1800").put(point("demo-plc", "Speed"))
                .then().statusCode(200).body("value", equalTo("1800"));

        given().get(point("demo-machine", "Running")).then().statusCode(200).body("value", equalTo("false"));
        given().contentType(ContentType.TEXT).body("900").put(point("demo-machine", "Speed"))
                .then().statusCode(200).body("value", equalTo("900"));

        given().get(point("demo-machine", "NoSuchPoint")).then().statusCode(404)
                .body("error", containsString("demo-machine"));
        given().contentType(ContentType.TEXT).body("fast").put(point("demo-plc", "Speed"))
                .then().statusCode(400).body("error", containsString("demo-plc"));
        given().contentType(ContentType.TEXT).body("1").put(point("demo-machine", "Temperature"))
                .then().statusCode(405);
    }
}
