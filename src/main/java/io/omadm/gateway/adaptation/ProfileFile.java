package io.omadm.gateway.adaptation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shape of a device-profile file (docs/modes/profile.schema.json says the same for editors): every key is known,
 * so that a misspelt one ({@code scael:}) is refused instead of silently doing nothing. A file that is not of this
 * shape is an IOException whose message says where (line and column) and what: the unknown key and the keys that
 * belong there, the key whose value has the wrong type, or the YAML syntax error. Never a Java class name.
 */
final class ProfileFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * The whole file: the device type, the MQTT broker its devices are on (mqtt only; none: the default), its points
     * ({@code tree}), and the devices of that type on the site.
     */
    record File(String profile, String protocol, String broker, String man, String model, String mode,
            List<Device> devices, Map<String, PointSpec> tree) {
    }

    /** A point of the device type's tree. */
    record PointSpec(String address, String format, Double scale, List<String> commands, String json,
            String payload, String request, String regex, String title) {
    }

    /** A device of this type declared on the site (inventory.DeviceProfiles registers them). */
    record Device(String devId, String address, String publicAddress, String fwV, String mode) {
    }

    private ProfileFile() {
    }

    /** The file read, or null when it is empty. */
    static File read(byte[] yaml) throws IOException {
        try {
            return YAML.readValue(yaml, File.class);
        } catch (UnrecognizedPropertyException e) {
            String key = e.getPropertyName();
            throw new IOException(where(yaml, key, e) + "unknown key '" + key + "'" + in(e, 1) + "; the keys there"
                    + " are " + e.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new)), e);
        } catch (MismatchedInputException e) {
            String key = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new IOException(where(yaml, key, e) + "the value" + in(e, 0) + " is not "
                    + expected(e.getTargetType()), e);
        } catch (JsonProcessingException e) {
            String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").trim();
            throw new IOException(where(yaml, null, e) + "not YAML: " + first, e);
        }
    }

    /**
     * "line L, column C: ", the place of {@code key} (the last time it is written at or before where the parser
     * stopped, which is after the key's value), or else where the parser stopped.
     */
    private static String where(byte[] yaml, String key, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null) {
            return "";
        }
        String found = key == null ? "" : place(yaml, key, at.getLineNr());
        return found.isEmpty() ? "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " : found;
    }

    /** "line L, column C: " where the file writes {@code key} as a key (its last time), or "" when it does not. */
    static String placeOf(byte[] yaml, String key) {
        return place(yaml, key, Integer.MAX_VALUE);
    }

    private static String place(byte[] yaml, String key, int lastLine) {
        List<String> lines = new String(yaml, StandardCharsets.UTF_8).lines().toList();
        Pattern written = Pattern.compile("(^|[\\s{,\\-])(\"|')?" + Pattern.quote(key) + "(\"|')?\\s*:");
        for (int i = Math.min(lastLine, lines.size()) - 1; i >= 0; i--) {
            Matcher m = written.matcher(lines.get(i));
            int found = -1;
            while (m.find()) {
                found = m.start() + m.group(1).length();
            }
            if (found >= 0) {
                return "line " + (i + 1) + ", column " + (found + 1) + ": ";
            }
        }
        return "";
    }

    /** Where in the file's shape: " at tree/Temperature", say (without the last {@code drop} names of the path). */
    private static String in(JsonMappingException e, int drop) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String path = refs.subList(0, Math.max(0, refs.size() - drop)).stream().map(r -> r.getFieldName() != null
                ? r.getFieldName() : Integer.toString(r.getIndex())).collect(Collectors.joining("/"));
        return path.isEmpty() ? "" : " at " + path;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the right kind";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "text";
        }
        return "a mapping of keys to values";
    }
}
