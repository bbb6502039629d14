package io.omadm.gateway.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A value found in a device's JSON by its pointer, and the JSON a device takes with the value typed in it. */
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

    private static String render(String template, String value, String format) {
        return new String(JsonPayloads.render(template, value.getBytes(StandardCharsets.UTF_8), format, "fan-1"),
                StandardCharsets.UTF_8);
    }
}
