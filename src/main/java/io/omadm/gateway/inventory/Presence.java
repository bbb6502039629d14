package io.omadm.gateway.inventory;

import java.util.Locale;
import java.util.Optional;

/** Whether a device was seen within its liveness window (GwMO-DI-003). */
public enum Presence {
    ATTACHED, DETACHED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Presence> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Presence p : values()) {
            if (p.value().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
