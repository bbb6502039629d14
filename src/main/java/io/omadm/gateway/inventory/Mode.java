package io.omadm.gateway.inventory;

import java.util.Locale;
import java.util.Optional;

/** How the gateway manages a device (GwMO 1.0): it forwards triggers, is the device's DM server, or adapts protocols. */
public enum Mode {
    TRANSPARENT, PROXY, ADAPTATION;

    /** The name in the tree and the REST API: lower case. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Mode> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Mode m : values()) {
            if (m.value().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
