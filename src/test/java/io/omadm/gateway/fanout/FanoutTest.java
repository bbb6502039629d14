package io.omadm.gateway.fanout;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.testing.LineDevice;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Command fanout over simulated devices (the sim adapter: a device whose id says "slow" answers after 5 s, one that
 * says "unreachable" fails): one request to many devices, per-device results as they arrive, one FanoutComplete alert
 * per job with the counts and results, through the operator API and through ./GwMO/Fanout in DM sessions.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class FanoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SessionRunner sessions;

    private static void device(String devId) {
        given().contentType(ContentType.JSON).body(Map.of("devId", devId, "mode", "adaptation", "profile",
                "sim-demo")).post("/api/v1/devices");
    }

    /** The FanoutComplete alerts the server received for a job, as their JSON bodies. */
    private static List<JsonNode> alerts(String job) {
        return DmServerResource.server.genericAlerts().stream().flatMap(a -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_FANOUT_COMPLETE.equals(i.meta().type()))
                .map(i -> {
                    try {
                        return JSON.readTree(i.data().asText());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).filter(n -> n.get("job").asText().equals(job)).toList();
    }

    private static JsonPath awaitEnded(String job) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !given().get("/api/v1/fanouts/" + job).then()
                .extract().path("status").equals("running"));
        return given().get("/api/v1/fanouts/" + job).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void oneRequestToManyDevicesGivesEveryDevicesResultAndOneConsolidatedAlert() throws Exception {
        for (String d : List.of("fan-a", "fan-b", "fan-c", "fan-slow-1", "fan-unreachable-1")) {
            device(d);
        }
        long t0 = System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("id", "rest-1", "targets", Map.of("devIds",
                List.of("fan-a", "fan-b", "fan-c", "fan-slow-1", "fan-unreachable-1", "nobody")),
                "commands", List.of(Map.of("op", "Replace", "path", "Temperature", "data", "25.5", "format", "float"),
                        Map.of("op", "Get", "path", "Temperature")), "timeoutSeconds", 3))
                .post("/api/v1/fanouts").then().statusCode(202).body("status", equalTo("running"))
                .body("total", equalTo(6));
        JsonPath job = awaitEnded("rest-1");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("completed", job.getString("status"));
        // the slow device outlasts the adapter timeout (1 s here) before the job's: it fails, it does not hold up
        assertEquals(Map.of("200", 3, "404", 1, "500", 2), job.getMap("counts"), "by DM status");
        assertTrue(millis < 5000, "the 5 s device did not hold up the job: " + millis + " ms");

        JsonPath results = given().get("/api/v1/fanouts/rest-1/results").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("fan-a", "fan-b", "fan-c", "fan-slow-1", "fan-unreachable-1", "nobody"),
                results.getList("items.devId"));
        assertEquals("25.5", results.getString("items[0].data"), "the Get's value");
        assertTrue(results.getString("items[4].data").contains("UNREACHABLE"), results.getString("items[4].data"));
        JsonPath failed = given().queryParam("status", "500").queryParam("offset", 1).queryParam("limit", 5)
                .get("/api/v1/fanouts/rest-1/results").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("fan-unreachable-1"), failed.getList("items.devId"), "the second of the two 500s");
        assertEquals(2, failed.getInt("total"), "the total is of the status asked for");
        assertEquals(List.of("fan-a", "fan-b", "fan-c"), given().queryParam("status", "200")
                .get("/api/v1/fanouts/rest-1/results").then().statusCode(200).extract().jsonPath()
                .getList("items.devId"));
        given().queryParam("status", "bad").get("/api/v1/fanouts/rest-1/results").then().statusCode(400)
                .body("field", equalTo("status"));

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts("rest-1").size() == 1);
        JsonNode alert = alerts("rest-1").get(0);
        assertEquals(3, alert.get("counts").get("200").asInt());
        assertEquals(6, alert.get("results").size());
        // the DM server connection as operators see it (the console's overview): the sessions that carried the alert
        JsonPath north = given().get("/api/v1/northbound").then().statusCode(200).extract().jsonPath();
        assertTrue(north.getBoolean("enabled") && north.getInt("sessions") >= 1, north.prettify());
        assertEquals("COMPLETED", north.getString("lastOutcome"));
        assertEquals(null, north.getString("lastError"));
        assertTrue(north.getString("lastSessionAt").startsWith("20"), north.prettify());
        Thread.sleep(5500); // past the job's deadline: the sweep must not complete it again
        assertEquals(1, alerts("rest-1").size(), "the consolidated alert is sent exactly once");
    }

    private static Command add(String uri, String value) {
        return new ItemCommand(Verb.ADD, "1", false, null, io.omadm.gateway.syncml.Meta.format("chr"), null,
                List.of(new Item(io.omadm.gateway.syncml.Location.of(uri), null, null,
                        io.omadm.gateway.syncml.Data.text(value), false)));
    }

    @Test
    void theServerRunsAJobThroughTheTreeAndGetsItsCorrelatorBack() {
        for (String d : List.of("tree-1", "tree-2")) {
            device(d);
        }
        given().contentType(ContentType.JSON).body(Map.of("name", "line-a")).post("/api/v1/groups");
        for (String d : List.of("tree-1", "tree-2")) {
            given().contentType(ContentType.JSON).body(Map.of("devId", d)).post("/api/v1/groups/line-a/members");
        }
        String f = GwmoNames.FANOUT + "/job-t/";
        List<Command> out = DmSessions.session(sessions,
                new ItemCommand(Verb.ADD, "1", false, null, io.omadm.gateway.syncml.Meta.format("node"), null,
                        List.of(Item.target(GwmoNames.FANOUT + "/job-t"))),
                add(f + "Targets/Group", "line-a"),
                new ItemCommand(Verb.ADD, "1", false, null, io.omadm.gateway.syncml.Meta.format("node"), null,
                        List.of(Item.target(f + "Cmd/1"))),
                add(f + "Cmd/1/Op", "Replace"),
                add(f + "Cmd/1/Path", "SetPoint"),
                add(f + "Cmd/1/Data", "42"),
                new ItemCommand(Verb.EXEC, "1", false, null, null, "corr-fanout-7",
                        List.of(Item.target(f + "Operations/Start"))));
        assertEquals(List.of(202), codes(out, "Exec"), "started: the result follows as an alert");
        assertEquals(List.of(200, 200, 200, 200, 200, 200), codes(out, "Add"));

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts("job-t").size() == 1);
        Alert delivered = DmServerResource.server.genericAlerts().stream().filter(a -> "corr-fanout-7".equals(
                a.correlator())).findFirst().orElseThrow();
        assertTrue(delivered.items().get(0).data().asText().contains("\"200\":2"), delivered.toString());

        List<Command> read = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "1", Item.target(f + "Status"),
                Item.target(f + "Progress"), Item.target(f + "Results/1/DevId"), Item.target(f + "Results/2/DevId"),
                Item.target(f + "Results/2/Status")));
        String values = DmSessions.values(read, f);
        assertTrue(values.equals("Status=completed Progress=2/2 Results/1/DevId=tree-1 Results/2/DevId=tree-2"
                + " Results/2/Status=200") || values.equals("Status=completed Progress=2/2 Results/1/DevId=tree-2"
                + " Results/2/DevId=tree-1 Results/2/Status=200"), values);
        List<Command> late = DmSessions.session(sessions, DmSessions.replace(f + "Cmd/1/Data", "chr", "1"));
        assertEquals(List.of(405), codes(late, "Replace"), "a started job's description is fixed");
    }

    @Test
    void aJobThatMatchesNoDeviceCompletesAtOnceAndARunningJobCanBeCancelled() {
        given().contentType(ContentType.JSON).body(Map.of("id", "empty-1", "targets", Map.of("filter",
                Map.of("model", "NO-SUCH-MODEL")), "commands", List.of(Map.of("op", "Get", "path", "Temperature"))))
                .post("/api/v1/fanouts").then().statusCode(202);
        assertEquals("completed", given().get("/api/v1/fanouts/empty-1").then().extract().path("status"));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts("empty-1").size() == 1);
        assertEquals(0, alerts("empty-1").get(0).get("total").asInt());

        device("cancel-slow-1");
        device("cancel-slow-2");
        given().contentType(ContentType.JSON).body(Map.of("id", "cancel-1", "targets", Map.of("devIds",
                List.of("cancel-slow-1", "cancel-slow-2")), "commands", List.of(Map.of("op", "Get", "path",
                "Temperature")), "timeoutSeconds", 60)).post("/api/v1/fanouts").then().statusCode(202);
        given().post("/api/v1/fanouts/cancel-1/cancel").then().statusCode(200).body("status", equalTo("cancelled"))
                .body("counts.214", equalTo(2));
        given().post("/api/v1/fanouts/cancel-1/cancel").then().statusCode(409);
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts("cancel-1").size() == 1);
        assertEquals("cancelled", alerts("cancel-1").get(0).get("status").asText());

        given().contentType(ContentType.JSON).body(Map.of("targets", Map.of(), "commands", List.of()))
                .post("/api/v1/fanouts").then().statusCode(400).body("field", equalTo("targets"));
    }

    @Test
    void aDeviceThatFailsIsTriedAgainAsTheJobsRetryPolicySaysAndItsTriesAreShown() throws Exception {
        try (LineDevice flaky = new LineDevice(2, 0); LineDevice broken = new LineDevice(100, 0);
                LineDevice steady = new LineDevice(0, 0)) {
            Map<String, LineDevice> devices = Map.of("retry-flaky", flaky, "retry-broken", broken, "retry-steady",
                    steady);
            devices.forEach((id, d) -> given().contentType(ContentType.JSON).body(Map.of("devId", id, "mode",
                    "adaptation", "protocol", "line", "address", d.address(), "profile", "line-demo"))
                    .post("/api/v1/devices").then().statusCode(201));
            given().contentType(ContentType.JSON).body(Map.of("id", "retry-1", "targets", Map.of("devIds",
                    List.of("retry-flaky", "retry-broken", "retry-steady")), "commands", List.of(Map.of("op",
                    "Replace", "path", "Mode", "data", "eco")), "retry", Map.of("attempts", 3, "backoffMillis", 50)))
                    .post("/api/v1/fanouts").then().statusCode(202)
                    .body("spec.retry.attempts", equalTo(3)).body("spec.retry.statuses", equalTo(List.of(500, 503)));
            JsonPath job = awaitEnded("retry-1");
            assertEquals(Map.of("200", 2, "500", 1), job.getMap("counts"));
            JsonPath results = given().get("/api/v1/fanouts/retry-1/results").then().extract().jsonPath();
            assertEquals(List.of(200, 500, 200), results.getList("items.status"));
            assertEquals(List.of(3, 3, 1), results.getList("items.attempts"), "tries in all, per device");
            assertEquals(3, flaky.sets(), "failed twice, answered the third time");
            assertEquals(3, broken.sets(), "never more tries than the policy allows");
            assertEquals(1, steady.sets());

            String f = GwmoNames.FANOUT + "/retry-1/";
            List<Command> read = DmSessions.session(sessions, ItemCommand.of(Verb.GET, "1",
                    Item.target(f + "Retry/Attempts"), Item.target(f + "Retry/Backoff"),
                    Item.target(f + "Retry/Statuses"), Item.target(f + "Results/1/Attempts"),
                    Item.target(f + "Results/3/Attempts")));
            assertEquals("Retry/Attempts=3 Retry/Backoff=50 Retry/Statuses=500,503 Results/1/Attempts=3"
                    + " Results/3/Attempts=1", DmSessions.values(read, f));
        }
        given().contentType(ContentType.JSON).body(Map.of("targets", Map.of("devIds", List.of("x")), "commands",
                List.of(Map.of("op", "Get", "path", "Mode")), "retry", Map.of("attempts", 11)))
                .post("/api/v1/fanouts").then().statusCode(400).body("field", equalTo("retry.attempts"));
    }
}
