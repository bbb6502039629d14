package io.omadm.gateway.adaptation.camel;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.adaptation.AdaptersCopyResource;
import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.testing.TreeReads;
import io.omadm.gateway.tree.DmTree;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Adapter routes in adapters/*.yaml are taken in, replaced and removed while the gateway runs; a file that does not
 * load leaves the previous routes serving; profiles whose protocol has no route, or whose address the adapter cannot
 * use, are refused.
 */
@QuarkusTest
@QuarkusTestResource(value = AdaptersCopyResource.class, restrictToAnnotatedClass = true)
class AdapterRoutesReloadTest {

    private static final String VALUE = "./GwMO/DevInventory/echo-1/Tree/Value";

    @Inject
    DmTree tree;

    @Inject
    CamelContext camel;

    @Inject
    CamelAdapterTransport transport;

    @Inject
    @Named("profiles")
    ProfileRegistry profiles;

    private static String echoRoute(String id, String answer) {
        return """
                - route:
                    id: %s
                    from:
                      uri: "direct:adapter-echo"
                      steps:
                        - setHeader: {name: DmStatus, constant: 200}
                        - setBody: {constant: "%s"}
                """.formatted(id, answer);
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(1000); // five reload periods of AdaptersCopyResource
    }

    @Test
    void routesComeAndGoWithTheirFilesAndABrokenFileChangesNothing() throws Exception {
        Path dir = AdaptersCopyResource.dir;
        Files.writeString(dir.resolve("profiles/echo-demo.yaml"),
                "profile: echo-demo\nprotocol: echo\ntree:\n  Value: {address: \"{devId}\", commands: [Get]}\n");
        given().contentType(ContentType.JSON).body(Map.of("devId", "echo-1", "mode", "adaptation", "profile",
                "echo-demo")).post("/api/v1/devices").then().statusCode(201);
        settle();
        assertTrue(profiles.profile("echo-demo").isEmpty(), "protocol echo has no adapter route yet: refused");

        Path echo = dir.resolve("echo.yaml");
        Files.writeString(echo, echoRoute("adapter-echo", "v1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> TreeReads.value(tree, VALUE).equals("v1"));
        assertTrue(profiles.profile("echo-demo").isPresent(), "the profile refused for want of a route is taken now");

        Files.writeString(echo, echoRoute("adapter-echo", "v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> TreeReads.value(tree, VALUE).equals("v2"));

        for (String broken : new String[] {
            "- route: [unclosed\n",
            echoRoute("adapter-echo", "v3").replace("setBody: {constant: \"v3\"}", "to: \"nosuchcomponent:x\""),
            echoRoute("adapter-echo", "v3").replace("direct:adapter-echo", "timer:t?period=notanumber")}) {
            Files.writeString(echo, broken);
            settle();
            assertEquals("v2", TreeReads.value(tree, VALUE), "the previous routes keep running: " + broken);
        }

        Files.writeString(dir.resolve("thief.yaml"), echoRoute("adapter-echo", "stolen"));
        settle();
        assertEquals("v2", TreeReads.value(tree, VALUE), "a route id another file owns is refused");
        assertTrue(camel.getRoutes().stream().anyMatch(r -> r.getRouteId().equals("adapter-sim")),
                "a file's refusal leaves the other files' routes alone");

        Files.writeString(dir.resolve("profiles/bad-modbus.yaml"), "profile: bad-modbus\nprotocol: modbus\n"
                + "tree:\n  Speed: {address: \"{address}|holding-registr:1:INT\", format: int}\n");
        Files.copy(Path.of("adapters/modbus.yaml"), dir.resolve("modbus.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("adapter-modbus") != null);
        settle();
        assertTrue(profiles.profile("bad-modbus").isEmpty(), "an address the Modbus adapter cannot use is refused");

        Files.delete(echo);
        Files.delete(dir.resolve("thief.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("adapter-echo") == null);
        settle();
        assertNull(camel.getRoute("adapter-echo"));
        assertTrue(profiles.profile("echo-demo").isEmpty(), "its route gone, the profile is unloaded");
        assertEquals("status 404", TreeReads.value(tree, VALUE));
    }

    @Test
    void theShippedMqttRouteRunsOnTheCallersThreadUntilAnIntegratorAddsAStep() throws Exception {
        Path mqtt = AdaptersCopyResource.dir.resolve("mqtt.yaml");
        String shipped = Files.readString(Path.of("adapters/mqtt.yaml"));
        Files.writeString(mqtt, shipped);
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.runsOnCaller("mqtt"));
        Files.writeString(mqtt, shipped.replace("      steps:\n",
                "      steps:\n        - log: \"asked ${header.DmDeviceId}\"\n"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !transport.runsOnCaller("mqtt"));
        assertTrue(camel.getRoute("adapter-mqtt") != null, "the edited route is deployed, on the pool");
        Files.writeString(mqtt, shipped);
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.runsOnCaller("mqtt"));
    }
}
