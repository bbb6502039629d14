package io.omadm.gateway.syncml;

import java.util.Objects;

/** A Target or Source: a LocURI and, optionally, a LocName (the user id for MD5/HMAC auth, spec notes §2.1). */
public record Location(String locUri, String locName) {
    public Location {
        Objects.requireNonNull(locUri, "locUri");
    }

    public static Location of(String locUri) {
        return new Location(locUri, null);
    }

    public Location withoutName() {
        return new Location(locUri, null);
    }
}
