package io.omadm.gateway.adaptation;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One leaf of a device type's tree, as a profile maps it (DESIGN §3.4): the protocol address ({@code {devId}} and
 * {@code {address}} are replaced by the device's), the DM format of its value, an optional scale (the protocol value
 * times scale is the DM value), the DM commands it allows, and for devices that speak JSON the pointer of its value
 * in what the device sends, the payload it takes for a Replace, an Exec or an Add ({@link JsonPayloads}; null: the
 * bare value) and the request it takes for a Get (null: none, an empty message); for devices that send text, a
 * regular expression whose first group (else whole match) is the value ({@code regex}; null: the whole payload).
 * Two facts are shown as the node's DM properties: {@code title} (Title: what the value is, its units; null: none)
 * and {@code changed} (TStamp: epoch milliseconds of the value's last change where the gateway knows it, as for a
 * Sparkplug metric; 0: unknown, the node shows the time it is asked).
 */
public record Point(String path, String address, String format, Double scale, Set<String> commands, String json,
        String payload, String request, Pattern regex, String title, long changed) {

    public static final Set<String> FORMATS = Set.of("chr", "int", "bool", "float", "b64");
    public static final Set<String> COMMANDS = Set.of("Get", "Replace", "Exec", "Add", "Delete");

    public Point {
        commands = Set.copyOf(commands);
    }

    /** A point whose device sends and takes the bare value (no JSON mapping). */
    public Point(String path, String address, String format, Double scale, Set<String> commands) {
        this(path, address, format, scale, commands, null, null, null, null, null, 0);
    }

    /** A point whose device speaks JSON and takes no request payload for a Get. */
    public Point(String path, String address, String format, Double scale, Set<String> commands, String json,
            String payload) {
        this(path, address, format, scale, commands, json, payload, null, null, null, 0);
    }

    public String addressFor(String devId, String deviceAddress) {
        return address.replace("{devId}", devId).replace("{address}", deviceAddress == null ? "" : deviceAddress);
    }
}
