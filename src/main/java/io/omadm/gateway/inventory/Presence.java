package io.omadm.gateway.inventory;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a device was seen within its liveness window (GwMO-DI-003), or, pending, that it announced itself and waits
 * for an operator, the DM server or a bootstrap to accept it (gateway.southbound.registration): no command reaches
 * it and nothing it says changes its record until then.
 */
public enum Presence {
    ATTACHED, DETACHED, PENDING;

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
