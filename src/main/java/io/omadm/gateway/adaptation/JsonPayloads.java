package io.omadm.gateway.adaptation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Devices that speak JSON, mapped in the profile without code: a point's {@code json} is the JSON Pointer of its value
 * in what the device sends ({@code /temp} in {@code {"temp":21.5,"rpm":1400}}, {@code /sensors/0/value}), and its
 * {@code payload} the JSON the device takes for a Replace or an Exec, with {@code ${value}} where the value goes
 * (typed: a number or true/false as such, text quoted) and {@code ${devId}} for the device's id. Devices that send
 * text take a {@code regex} instead: its first group is the value ({@link #match}).
 */
final class JsonPayloads {

    /** One JSON document, nothing after it ("21.5 degrees" is not JSON, though it starts with a number). */
    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A value or document the device did not send as the point says. */
    static final class NotThere extends Exception {
        NotThere(String message) {
            super(message);
        }
    }

    private JsonPayloads() {
    }

    /** Whether a profile's {@code json} is a JSON Pointer ("" for the whole document, else starting with "/"). */
    static boolean isPointer(String pointer) {
        try {
            JsonPointer.compile(pointer);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The value at {@code pointer} in the device's JSON, as text (a string unquoted; an object or array as JSON). */
    static byte[] extract(byte[] document, String pointer) throws NotThere {
        JsonNode root;
        try {
            root = JSON.readValue(document);
        } catch (IOException e) {
            throw new NotThere("not JSON");
        }
        if (root == null) {
            throw new NotThere("not JSON");
        }
        JsonNode v = root.at(pointer);
        if (v.isMissingNode() || v.isNull()) {
            throw new NotThere("no value at " + pointer);
        }
        return (v.isValueNode() ? v.asText() : v.toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** The first group (else the whole match) of the first match of {@code regex} in a text payload. */
    static byte[] match(byte[] payload, Pattern regex) throws NotThere {
        Matcher m = regex.matcher(new String(payload, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new NotThere("no match of " + regex.pattern());
        }
        return (m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group()).getBytes(StandardCharsets.UTF_8);
    }

    /** The payload for the device: the template with the value in place, as the point's format types it. */
    static byte[] render(String template, byte[] value, String format, String devId) {
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        String literal = "int".equals(format) || "float".equals(format) || "bool".equals(format) ? text
                : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        return template.replace("${value}", literal).replace("${devId}", new String(JsonStringEncoder.getInstance()
                .quoteAsString(devId))).getBytes(StandardCharsets.UTF_8);
    }
}
