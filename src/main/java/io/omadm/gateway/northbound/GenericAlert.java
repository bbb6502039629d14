package io.omadm.gateway.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Objects;

/**
 * A Generic Alert (1226) waiting to go to the DM server (spec notes §2.6): the Correlator of the Exec it answers, if
 * any, and its items, each with a Type (the alert type URN) and Format, optionally a Mark and the Source of the MO it
 * is about.
 */
public record GenericAlert(String correlator, List<Entry> items) {

    public record Entry(String sourceUri, String type, String format, String mark, String data) {
        public Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(data, "data");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public GenericAlert {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a Generic Alert needs at least one item");
        }
    }

    /** An alert of one item (Format chr) whose data is {@code body} as JSON, about the MO at {@code sourceUri}. */
    public static GenericAlert json(String correlator, String sourceUri, String type, Object body) {
        try {
            return new GenericAlert(correlator, List.of(new Entry(sourceUri, type, "chr", null,
                    JSON.writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(type + " alert not writable as JSON", e);
        }
    }
}
