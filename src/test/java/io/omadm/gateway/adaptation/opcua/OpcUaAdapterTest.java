package io.omadm.gateway.adaptation.opcua;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.PresenceProbes;
import io.omadm.gateway.demo.SimulatedMachine;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The opcua adapter (adapters/opcua.yaml, profile opcua-demo) through full DM sessions against a real OPC UA server
 * (Eclipse Milo, the demo site's simulated machine) on loopback; the server is stopped and started again and the next
 * command works.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class OpcUaAdapterTest {

    private static final String T = "./GwMO/DevInventory/machine-1/Tree/";

    @Inject
    SessionRunner sessions;

    @Inject
    PresenceProbes probes;

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static String values(List<Command> out) {
        return DmSessions.values(out, T);
    }

    private static Command replace(String path, String format, String value) {
        return new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format(format), null,
                List.of(new Item(Location.of(T + path), null, null, Data.text(value), false)));
    }

    private static Command exec(String path, String value) {
        return new ItemCommand(Verb.EXEC, "1", false, null, null, "c-" + path,
                List.of(new Item(Location.of(T + path), null, null, value == null ? null : Data.text(value), false)));
    }

    @Test
    void getReplaceAndExecReachAnOpcUaServerAndWorkAgainAfterItComesBack() throws Exception {
        int port;
        port = FreePort.forChildProcess(); // below the ephemeral range: no outgoing connection takes it
        SimulatedMachine machine = new SimulatedMachine(port);
        String endpoint = machine.start();
        given().contentType(ContentType.JSON).body(Map.of("devId", "machine-1", "mode", "adaptation", "protocol",
                "opcua", "address", endpoint, "profile", "opcua-demo"))
                .post("/api/v1/devices").then().statusCode(201);
        try {
            List<Command> out = session(
                    ItemCommand.of(Verb.GET, "1", Item.target(T + "Speed"), Item.target(T + "Temperature"),
                            Item.target(T + "Running")),
                    replace("Speed", "int", "1800"),
                    exec("Start", null),
                    ItemCommand.of(Verb.GET, "1", Item.target(T + "Speed"), Item.target(T + "Running")));
            assertEquals("Speed=1200 Temperature=21.5 Running=false Speed=1800 Running=true", values(out));
            assertEquals(List.of(200), codes(out, "Replace"));
            assertEquals(List.of(200), codes(out, "Exec"));
            assertEquals(1800, machine.speed(), "written as the node's Int32");
            assertEquals(1, machine.starts(), "Exec called the method once");

            List<Command> typed = session(exec("SetSpeed", "900"), replace("Speed", "int", "fast"));
            assertEquals(List.of(200), codes(typed, "Exec"), "a method argument typed from InputArguments");
            assertEquals(900, machine.speed());
            assertEquals(List.of(400), codes(typed, "Replace"), "'fast' is not an Int32: refused, nothing written");
            assertEquals(900, machine.speed());
            given().get("/api/v1/devices/machine-1").then().body("status", equalTo("attached"));
        } finally {
            machine.close();
        }

        assertEquals(List.of(500), codes(session(ItemCommand.of(Verb.GET, "1", Item.target(T + "Speed"))), "Get"),
                "the machine is gone: 500, and a log line naming the device");
        // the DM answer may be the dispatcher's timeout, a moment before the adapter gives up on the session
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/v1/devices/machine-1").then().body("status", equalTo("detached")));
        SimulatedMachine again = new SimulatedMachine(port);
        again.start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    values(session(ItemCommand.of(Verb.GET, "1", Item.target(T + "Speed")))).equals("Speed=1200"));
            given().get("/api/v1/devices/machine-1").then().body("status", equalTo("attached"));
            assertTrue(again.starts() == 0 && !again.running(), "a fresh machine, reached without a gateway restart");
        } finally {
            again.close();
        }
    }

    @Test
    void aMachineIsAttachedWhileItsServerAnswersWithoutAnyCommand() throws Exception {
        int port;
        port = FreePort.forChildProcess(); // below the ephemeral range: no outgoing connection takes it
        given().contentType(ContentType.JSON).body(Map.of("devId", "machine-quiet", "mode", "adaptation",
                "protocol", "opcua", "address", "opc.tcp://127.0.0.1:" + port, "profile", "opcua-demo"))
                .post("/api/v1/devices").then().statusCode(201);
        probes.probe();
        given().get("/api/v1/devices/machine-quiet").then().body("status", equalTo("detached"));
        try (SimulatedMachine machine = new SimulatedMachine(port)) {
            machine.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                probes.probe();
                given().get("/api/v1/devices/machine-quiet").then().body("status", equalTo("attached"));
            });
        }
        probes.probe();
        given().get("/api/v1/devices/machine-quiet").then().body("status", equalTo("detached"));
    }
}
