package io.omadm.gateway.adaptation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.testing.TreeReads;
import io.omadm.gateway.tree.DmTree;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An edit to a device profile takes effect in the running gateway; a broken edit leaves the last good one serving. */
@QuarkusTest
@QuarkusTestResource(value = AdaptersCopyResource.class, restrictToAnnotatedClass = true)
class ProfileHotReloadTest {

    @Inject
    DmTree tree;

    private String get(String uri) {
        return TreeReads.value(tree, uri);
    }

    @Test
    void editsToAProfileTakeEffectWithoutARestartAndABrokenEditChangesNothing() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("devId", "hot-1", "mode", "adaptation", "profile",
                "sim-demo")).post("/api/v1/devices").then().statusCode(201);
        String tree = "./GwMO/DevInventory/hot-1/Tree";
        assertEquals("Temperature/SetPoint/Running/Actions/Diagnostics", get(tree));
        Path profile = AdaptersCopyResource.dir.resolve("profiles/sim-demo.yaml");
        Files.writeString(profile, Files.readString(profile)
                + "  Humidity: {address: \"{devId}/humidity\", format: int, commands: [Get]}\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> get(tree).endsWith("/Humidity"));
        assertEquals("0", get(tree + "/Humidity"));
        Files.writeString(profile, "profile: sim-demo\nprotocol: sim\ntree:\n  Broken: {format: nonsense}\n");
        Thread.sleep(1000); // five reload periods
        assertEquals("Temperature/SetPoint/Running/Actions/Diagnostics/Humidity", get(tree), "the last good one");
        assertEquals("0", get(tree + "/Humidity"));

        // what an operator sees of it (the console's adapters page): refused, why and where, the last good one on
        JsonPath file = given().get("/api/v1/adapters/profile/sim-demo.yaml").then().statusCode(200).extract()
                .jsonPath();
        assertEquals("refused", file.getString("file.status"));
        assertEquals("profile sim-demo", file.getString("file.gives"), "what still runs from it");
        assertTrue(file.getString("file.problem").contains("line 4"), file.getString("file.problem"));
        assertTrue(file.getString("source").contains("Broken: {format: nonsense}"));
        List<Map<String, Object>> files = given().get("/api/v1/adapters").then().statusCode(200).extract()
                .jsonPath().getList("");
        assertTrue(files.stream().anyMatch(f -> f.get("kind").equals("routes") && f.get("status").equals("loaded")
                && String.valueOf(f.get("gives")).contains("adapter-sim")), String.valueOf(files));
        given().get("/api/v1/adapters/profile/..%2Fapplication.properties").then().statusCode(404);
        given().get("/api/v1/adapters/nonsense/sim-demo.yaml").then().statusCode(400).body("field", equalTo("kind"));
    }
}
