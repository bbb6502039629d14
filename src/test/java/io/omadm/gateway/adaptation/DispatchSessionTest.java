package io.omadm.gateway.adaptation;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.omadm.gateway.testing.dmserver.DmSessions.replace;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.adaptation.sim.SimulatedDevices;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adaptation-mode dispatch through a full DM session: the server's commands on ./GwMO/DevInventory/x/Tree reach the
 * device through its profile and the sim adapter route (adapters/sim.yaml, adapters/profiles/sim-demo.yaml).
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class DispatchSessionTest {

    @Inject
    SessionRunner sessions;

    @Inject
    SimulatedDevices simulated;

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static String values(List<Command> out) {
        return DmSessions.values(out, "./GwMO/DevInventory/");
    }

    @Test
    void dmCommandsOnTheDevicesTreeGoThroughItsProfileToItsAdapter() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "sim-1", "mode", "adaptation", "protocol", "sim",
                "profile", "sim-demo")).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("devId", "forwarded", "mode", "transparent", "profile",
                "sim-demo")).post("/api/v1/devices").then().statusCode(201);
        String t = "./GwMO/DevInventory/sim-1/Tree";
        List<Command> out = session(
                ItemCommand.of(Verb.GET, "1", Item.target(t), Item.target(t + "/Actions")),
                replace(t + "/Temperature", "float", "21.5"),
                replace(t + "/SetPoint", "int", "1200"),
                replace(t + "/Running", "bool", "true"),
                replace(t + "/SetPoint", "int", "fast"),
                ItemCommand.of(Verb.GET, "1", Item.target(t + "/Temperature"), Item.target(t + "/SetPoint")),
                new ItemCommand(Verb.EXEC, "1", false, null, null, "c-1", List.of(Item.target(t + "/Actions/Reset"))),
                ItemCommand.of(Verb.GET, "1", Item.target(t + "/Nope"), Item.target(t + "/Diagnostics/Link"),
                        Item.target(t + "/Diagnostics/Slow")),
                ItemCommand.of(Verb.GET, "1", Item.target("./GwMO/DevInventory/forwarded/Tree/SetPoint")));
        assertEquals("sim-1/Tree=Temperature/SetPoint/Running/Actions/Diagnostics sim-1/Tree/Actions=Reset"
                + " sim-1/Tree/Temperature=21.5 sim-1/Tree/SetPoint=1200", values(out));
        assertEquals(List.of(200, 200, 405, 400), codes(out, "Replace"),
                "Running is Get-only in the profile; 'fast' is no int");
        assertEquals("215", simulated.value("sim-1/temperature"), "scale 0.1: the device holds tenths");
        assertEquals(List.of(200), codes(out, "Exec"));
        assertEquals("1", simulated.value("sim-1/reset#execs"));
        List<Integer> gets = codes(out, "Get");
        assertEquals(List.of(404, 500, 500, 405), gets.subList(gets.size() - 4, gets.size()),
                "unknown point, unreachable device, adapter timeout, a transparent-mode device (proxy ones:"
                        + " ProxyRelayCases)");
    }

    @Test
    void aDeviceValueThatIsNotOfThePointsFormatIsAnErrorNamingDevicePointAndValue() {
        given().contentType(ContentType.JSON).body(Map.of("devId", "sim-json", "mode", "adaptation", "protocol",
                "sim", "profile", "sim-demo")).post("/api/v1/devices").then().statusCode(201);
        simulated.set("sim-json/temperature", "{\"temp\":21.5,\"rpm\":1400}"); // a JSON device, mapped as a float
        simulated.set("sim-json/running", "maybe");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                log.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger dispatcher = java.util.logging.Logger.getLogger(Dispatcher.class.getName());
        dispatcher.addHandler(h);
        try {
            String t = "./GwMO/DevInventory/sim-json/Tree/";
            List<Command> out = session(ItemCommand.of(Verb.GET, "1", Item.target(t + "Temperature"),
                    Item.target(t + "Running"), Item.target(t + "SetPoint")));
            assertEquals(List.of(500, 500, 200), codes(out, "Get"), "never 200 with the JSON text as the value");
            assertEquals("sim-json/Tree/SetPoint=0", values(out));
        } finally {
            dispatcher.removeHandler(h);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("device sim-json: point Temperature (float) answered"
                + " '{\"temp\":21.5,\"rpm\":1400}', not a decimal number")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("point Running (bool) answered 'maybe', not true or false")),
                log.toString());
    }
}
