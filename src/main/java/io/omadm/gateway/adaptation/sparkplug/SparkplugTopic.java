package io.omadm.gateway.adaptation.sparkplug;

import java.util.Optional;

/**
 * A Sparkplug B topic: {@code spBv1.0/<group>/<type>/<edge node>[/<device>]}, or a host application's
 * {@code spBv1.0/STATE/<host id>} (then {@code group} is null and {@code edgeNode} holds the host id).
 */
record SparkplugTopic(String group, Type type, String edgeNode, String device) {

    static final String NAMESPACE = "spBv1.0";

    enum Type {
        NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA, DCMD, STATE;

        boolean ofDevice() {
            return this == DBIRTH || this == DDEATH || this == DDATA || this == DCMD;
        }
    }

    /** The topic, when it is a well-formed Sparkplug B one; a device part only on device message types. */
    static Optional<SparkplugTopic> parse(String topic) {
        String[] t = topic.split("/", -1);
        if (t.length < 3 || !t[0].equals(NAMESPACE)) {
            return Optional.empty();
        }
        if (t[1].equals("STATE")) {
            return t.length == 3 && !t[2].isEmpty() ? Optional.of(new SparkplugTopic(null, Type.STATE, t[2], null))
                    : Optional.empty();
        }
        Type type;
        try {
            type = Type.valueOf(t[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (type == Type.STATE || t.length != (type.ofDevice() ? 5 : 4)) {
            return Optional.empty();
        }
        for (String part : t) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new SparkplugTopic(t[1], type, t[3], type.ofDevice() ? t[4] : null));
    }

    static String state(String hostId) {
        return NAMESPACE + "/STATE/" + hostId;
    }

    /** The topic of a message of this type to the same edge node (and device, for device types). */
    String text(Type of) {
        return NAMESPACE + "/" + group + "/" + of + "/" + edgeNode + (of.ofDevice() ? "/" + device : "");
    }
}
