package io.omadm.gateway.adaptation.modbus;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import io.omadm.gateway.testing.modbus.RecordingUnit;
import io.omadm.gateway.testing.modbus.SerialLine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A fanout of 1,002 commands to three PLCs on one Modbus RTU line (a socat pseudo-terminal pair; the PLCs are unit ids
 * 1 to 3 of a j2mod serial slave), through the operator API, the fanout engine, the adapter route and the bus: 334
 * commands each, Replace and Get of Speed in turn. Every device ends 200, each of its Gets read what its Replace
 * before had written, and the slave served every request strictly after the one before, never two at once.
 */
@QuarkusTest
class RtuBusFanoutTest {

    @Test
    void aThousandCommandsToThreeDevicesOnOneRtuLineAreEachAnsweredOneAtATime() throws Exception {
        List<RecordingUnit.Served> served = new CopyOnWriteArrayList<>();
        try (SerialLine line = new SerialLine()) {
            ModbusSlave slave = line.rtuSlave(115200, Map.of(1, new RecordingUnit(1, 4, served),
                    2, new RecordingUnit(2, 4, served), 3, new RecordingUnit(3, 4, served)));
            try {
                List<String> devices = new ArrayList<>();
                for (int unit = 1; unit <= 3; unit++) {
                    String devId = "rtu-" + unit;
                    devices.add(devId);
                    given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "adaptation",
                            "protocol", "modbus", "address", line.gatewayEnd() + "?baud=115200&unit-id=" + unit,
                            "profile", "modbus-demo")).post("/api/v1/devices").then().statusCode(201);
                }
                List<Map<String, String>> commands = new ArrayList<>();
                for (int i = 0; i < 167; i++) {
                    commands.add(Map.of("op", "Replace", "path", "Speed", "data", Integer.toString(100 + i),
                            "format", "int"));
                    commands.add(Map.of("op", "Get", "path", "Speed"));
                }
                served.clear();
                given().contentType(ContentType.JSON).body(Map.of("id", "rtu-bus", "targets", Map.of("devIds",
                        devices), "commands", commands, "timeoutSeconds", 120)).post("/api/v1/fanouts")
                        .then().statusCode(202);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        !"running".equals(given().get("/api/v1/fanouts/rtu-bus").then().extract().path("status")));
                JsonPath job = given().get("/api/v1/fanouts/rtu-bus").then().statusCode(200).extract().jsonPath();
                assertEquals("completed", job.getString("status"));
                assertEquals(Map.of("200", 3), job.getMap("counts"), "every device answered all its commands");
                JsonPath results = given().get("/api/v1/fanouts/rtu-bus/results").then().statusCode(200).extract()
                        .jsonPath();
                String written = String.join("\n", IntStream.range(100, 267)
                        .mapToObj(Integer::toString).toList());
                assertEquals(List.of(written, written, written), results.getList("items.data"),
                        "each device's Gets, in order, read what its Replace before had written");

                assertTrue(served.size() >= 3 * 167, "the reads of the Gets reached the slave: " + served.size());
                assertEquals(3, served.stream().map(RecordingUnit.Served::unit).distinct().count());
                assertNull(RecordingUnit.overlapping(served), "two requests at once on the line");
            } finally {
                slave.close();
            }
        }
    }
}
