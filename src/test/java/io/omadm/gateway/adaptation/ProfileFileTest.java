package io.omadm.gateway.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A device-profile file is read strictly: a misspelt key, a value of the wrong type or broken YAML is refused with its
 * line and column and what belongs there, in words an integrator reads (no Java class names); the shipped profiles
 * pass, and the published JSON Schema names the same keys as the reader.
 */
class ProfileFileTest {

    private static String refusal(String yaml) {
        IOException e = assertThrows(IOException.class, () -> ProfileFile.read(yaml.getBytes(StandardCharsets.UTF_8)));
        assertFalse(e.getMessage().contains("io.omadm") || e.getMessage().contains("java."), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aMisspeltKeyIsRefusedWithWhereAndTheKeysThatBelongThere() {
        String m = refusal("""
                profile: boiler
                protocol: modbus
                tree:
                  FlowTemp: {address: "{address}|holding-register:10:INT", format: float, scael: 0.1}
                """);
        assertTrue(m.startsWith("line 4, column 75: unknown key 'scael' at tree/FlowTemp;"), m);
        assertTrue(m.contains("[address, commands, format, json, payload, regex, request, scale, title]"), m);
        String top = refusal("profile: boiler\nprotocl: modbus\n");
        assertTrue(top.startsWith("line 2, column 1: unknown key 'protocl'"), top);
        assertTrue(top.contains("devices") && top.contains("tree") && top.contains("man"), top);
    }

    @Test
    void aPointsTitleIsReadForItsNodesTitleProperty() throws IOException {
        DeviceProfile p = ProfileRegistry.parse("boiler.yaml", """
                protocol: sim
                tree:
                  FlowTemp: {address: a, format: float, title: "Flow temperature, °C"}
                  Pump: {address: b, format: bool}
                """.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals("Flow temperature, °C", p.point("FlowTemp").orElseThrow().title());
        assertEquals(null, p.point("Pump").orElseThrow().title());
    }

    @Test
    void aValueOfTheWrongTypeOrBrokenYamlIsRefusedWithItsLine() {
        String scale = refusal("""
                protocol: sim
                tree:
                  T: {address: a, format: float, scale: tenths}
                """);
        assertTrue(scale.startsWith("line 3, column 34: the value at tree/T/scale is not a number"), scale);
        String block = refusal("protocol: sim\ntree:\n  T:\n    address: a\n    scale: tenths\n");
        assertTrue(block.startsWith("line 5, column 5: the value at tree/T/scale is not a number"), block);
        String commands = refusal("protocol: sim\ntree:\n  T: {address: a, commands: Get}\n");
        assertTrue(commands.contains("at tree/T/commands is not a list"), commands);
        String syntax = refusal("protocol: sim\ntree:\n  T: {address: a\n  U: b\n");
        assertTrue(syntax.matches("line \\d+, column \\d+: not YAML: .+"), syntax);
    }

    @Test
    void aPointsWrongValueSaysWhereThePointIsWritten() {
        IllegalArgumentException noAddress = assertThrows(IllegalArgumentException.class, () -> ProfileRegistry.parse(
                "fan.yaml", ("protocol: sim\ntree:\n  Temperature: {address: a, format: float}\n  Speed:\n"
                        + "    format: int\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("line 4, column 3: Speed has no address", noAddress.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> ProfileRegistry.parse(
                "fan.yaml", "protocol: sim\ntree:\n  \"Config/Rate\": {address: a, format: double}\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(format.getMessage().startsWith("line 3, column 3: Config/Rate: format 'double' is not one of"),
                format.getMessage());
    }

    @Test
    void theShippedProfilesAreOfTheShape() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("adapters", "profiles"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertTrue(ProfileRegistry.parse(f).isPresent(), f.toString());
            }
        }
    }

    @Test
    void theJsonSchemaNamesTheKeysTheReaderKnows() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Path.of("docs", "modes", "profile.schema.json").toFile());
        assertEquals(names(ProfileFile.File.class), keys(schema.get("properties")));
        assertFalse(schema.get("additionalProperties").asBoolean(), "unknown keys refused");
        JsonNode point = schema.get("$defs").get("point");
        assertEquals(names(ProfileFile.PointSpec.class), keys(point.get("properties")));
        assertEquals(new TreeSet<>(Point.FORMATS), values(point.get("properties").get("format").get("enum")));
        assertEquals(new TreeSet<>(Point.COMMANDS), values(point.get("properties").get("commands").get("items")
                .get("enum")));
        assertEquals(names(ProfileFile.Device.class), keys(schema.get("$defs").get("device").get("properties")));
    }

    private static Set<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
