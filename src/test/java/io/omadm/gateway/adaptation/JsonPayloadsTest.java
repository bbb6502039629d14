package io.omadm.gateway.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import io.omadm.gateway.adaptation.sim.SimulatedDevices;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.tree.TreeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * A value found in a device's JSON by its pointer or in its text by the profile's regex, and the JSON a device takes
 * with the value typed in it.
 */
class JsonPayloadsTest {

    private static String at(String json, String pointer) throws JsonPayloads.NotThere {
        return new String(JsonPayloads.extract(json.getBytes(StandardCharsets.UTF_8), pointer),
                StandardCharsets.UTF_8);
    }

    @Test
    void aValueIsFoundByItsPointerNestedOrInAList() throws Exception {
        String doc = "{\"temp\":21.5,\"on\":true,\"name\":\"fan \\\"A\\\"\",\"sensors\":[{\"value\":7}],"
                + "\"cfg\":{\"a\":1}}";
        assertEquals("21.5", at(doc, "/temp"));
        assertEquals("true", at(doc, "/on"));
        assertEquals("fan \"A\"", at(doc, "/name"), "a string unquoted");
        assertEquals("7", at(doc, "/sensors/0/value"));
        assertEquals("{\"a\":1}", at(doc, "/cfg"), "an object as JSON");
        assertEquals("no value at /humidity", assertThrows(JsonPayloads.NotThere.class, () -> at(doc, "/humidity"))
                .getMessage());
        assertEquals("not JSON", assertThrows(JsonPayloads.NotThere.class, () -> at("21.5 degrees", "/temp"))
                .getMessage());
        assertThrows(JsonPayloads.NotThere.class, () -> at("{\"temp\":null}", "/temp"));
    }

    @Test
    void theValueGoesInTheTemplateTypedAsThePointsFormat() {
        String t = "{\"cmd\":\"set\",\"v\":${value},\"dev\":\"${devId}\"}";
        assertEquals("{\"cmd\":\"set\",\"v\":1800,\"dev\":\"fan-1\"}", render(t, "1800", "int"));
        assertEquals("{\"cmd\":\"set\",\"v\":true,\"dev\":\"fan-1\"}", render(t, "true", "bool"));
        assertEquals("{\"cmd\":\"set\",\"v\":\"say \\\"hi\\\"\",\"dev\":\"fan-1\"}", render(t, "say \"hi\"", "chr"),
                "text quoted and escaped: it cannot break out of its string");
    }

    @Test
    void aProfilesPointerIsCheckedWhenTheProfileIsRead() {
        assertTrue(JsonPayloads.isPointer("/sensors/0/value"));
        assertTrue(JsonPayloads.isPointer(""));
        assertFalse(JsonPayloads.isPointer("$.temp"), "JsonPath is not a pointer");
    }

    @Test
    void aTextDevicesValueIsTakenByTheProfilesRegexThroughTheDispatcher(@TempDir Path profiles) throws Exception {
        assertEquals("21.5", new String(JsonPayloads.match("T=21.5C H=40%".getBytes(StandardCharsets.UTF_8),
                Pattern.compile("T=([-0-9.]+)C")), StandardCharsets.UTF_8), "the first group");
        assertEquals("RUN", new String(JsonPayloads.match("state RUN".getBytes(StandardCharsets.UTF_8),
                Pattern.compile("RUN|STOP")), StandardCharsets.UTF_8), "the whole match without a group");
        Files.writeString(profiles.resolve("text-meter.yaml"), """
                profile: text-meter
                protocol: sim
                tree:
                  Temperature: {address: "{devId}/line", format: float, regex: 'T=([-0-9.]+)C'}
                  Humidity: {address: "{devId}/line", format: int, regex: 'H=([0-9]+)%'}
                  Pressure: {address: "{devId}/line", format: float, regex: 'P=([0-9.]+)'}
                """);
        ProfileRegistry registry = new ProfileRegistry(profiles);
        assertEquals(List.of(), registry.reload());
        SimulatedDevices sim = new SimulatedDevices();
        Dispatcher d = new Dispatcher(registry, r -> {
            try {
                return sim.handle(r);
            } catch (Exception e) {
                throw new AdapterTransport.AdapterException(AdapterTransport.AdapterException.Kind.UNREACHABLE,
                        e.getMessage(), e);
            }
        });
        DeviceRecord meter = DeviceRecord.of("m-1", Mode.ADAPTATION).withFacts(null, null, null, "sim", null, null,
                "text-meter");
        sim.handle(new AdapterTransport.Request("Replace", "m-1", "sim", "x", "m-1/line", "chr", "text/plain",
                "text-meter", "T=21.5C H=40%".getBytes(StandardCharsets.UTF_8)));
        assertEquals("21.5", new String(d.run("Get", meter, "Temperature", null, "T").values().get(0).bytes(),
                StandardCharsets.UTF_8));
        assertEquals("40", new String(d.run("Get", meter, "Humidity", null, "H").values().get(0).bytes(),
                StandardCharsets.UTF_8));
        TreeResult missing = d.run("Get", meter, "Pressure", null, "P");
        assertEquals(500, missing.status(), "no match is an error, never 200");
        assertTrue(missing.reason().contains("no match of P=([0-9.]+)"), missing.reason());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ProfileRegistry.parse(
                "x.yaml", "protocol: sim\ntree:\n  A: {address: a, regex: 'T=(['}\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("is not a regular expression"), bad.getMessage());
    }

    private static String render(String template, String value, String format) {
        return new String(JsonPayloads.render(template, value.getBytes(StandardCharsets.UTF_8), format, "fan-1"),
                StandardCharsets.UTF_8);
    }
}
