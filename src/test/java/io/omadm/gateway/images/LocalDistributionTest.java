package io.omadm.gateway.images;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.omadm.gateway.testing.dmserver.DmSessions.replace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.demo.SimulatedSensor;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.omadm.gateway.testing.mqtt.MqttBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * B.8 end to end: the DM server sends an image to the gateway once, then fans out one firmware update whose command
 * carries the image's local URI to MQTT 5 devices (the demo sensor, on mosquitto); each device downloads the image from
 * the gateway and reports what it installed, and the consolidated FanoutComplete alert brings every result to the
 * server.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MqttBrokerResource.class, restrictToAnnotatedClass = true)
class LocalDistributionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SessionRunner sessions;

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static Command add(String uri, String value) {
        return new ItemCommand(Verb.ADD, "1", false, null, Meta.format("chr"), null,
                List.of(new Item(Location.of(uri), null, null, Data.text(value), false)));
    }

    private static Command addNode(String uri) {
        return new ItemCommand(Verb.ADD, "1", false, null, Meta.format("node"), null, List.of(Item.target(uri)));
    }

    @Test
    void anImageSentOnceReachesEveryDeviceThroughAFanoutAndTheServerHearsOnce() throws Exception {
        byte[] image = new byte[30_000];
        new Random(8).nextBytes(image);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        List<SimulatedSensor> devices = new ArrayList<>();
        for (String d : List.of("b8-1", "b8-2", "b8-3")) {
            given().contentType(ContentType.JSON).body(Map.of("devId", d, "mode", "adaptation", "protocol", "mqtt",
                    "profile", "mqtt-demo")).post("/api/v1/devices").then().statusCode(201);
            SimulatedSensor s = new SimulatedSensor(MqttBrokerResource.url, d, 20.0);
            s.start();
            devices.add(s);
        }
        try {
            String ii = GwmoNames.IMAGE_INVENTORY + "/fw-b8/";
            List<Command> stored = session(addNode(GwmoNames.IMAGE_INVENTORY + "/fw-b8"),
                    replace(ii + "Data", "b64", Base64.getEncoder().encodeToString(image)),
                    ItemCommand.of(Verb.GET, "1", Item.target(ii + "URI")));
            assertEquals(List.of(200), codes(stored, "Replace"));
            String uri = DmSessions.values(stored, ii).replace("URI=", "");

            String f = GwmoNames.FANOUT + "/update-b8/";
            List<Command> started = session(addNode(GwmoNames.FANOUT + "/update-b8"),
                    add(f + "Targets/DevIds", "b8-1,b8-2,b8-3"),
                    addNode(f + "Cmd/1"), add(f + "Cmd/1/Op", "Exec"), add(f + "Cmd/1/Path", "Firmware/Update"),
                    add(f + "Cmd/1/Data", uri),
                    addNode(f + "Cmd/2"), add(f + "Cmd/2/Op", "Get"), add(f + "Cmd/2/Path", "Firmware/Hash"),
                    new ItemCommand(Verb.EXEC, "1", false, null, null, "corr-b8",
                            List.of(Item.target(f + "Operations/Start"))));
            assertEquals(List.of(202), codes(started, "Exec"));

            await().atMost(Duration.ofSeconds(30)).until(() -> alerts("corr-b8").size() == 1);
            JsonNode alert = alerts("corr-b8").get(0);
            assertEquals(3, alert.get("counts").get("200").asInt(), alert.toString());
            for (JsonNode r : alert.get("results")) {
                assertEquals(sha, r.get("data").asText(), "each device installed the gateway's image: " + r);
            }
        } finally {
            for (SimulatedSensor s : devices) {
                s.close();
            }
        }
    }

    private static List<JsonNode> alerts(String correlator) {
        return DmServerResource.server.genericAlerts().stream().filter(a -> correlator.equals(a.correlator()))
                .flatMap(a -> a.items().stream())
                .filter(i -> i.meta() != null && GwmoNames.ALERT_FANOUT_COMPLETE.equals(i.meta().type())).map(i -> {
                    try {
                        return JSON.readTree(i.data().asText());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }
}
