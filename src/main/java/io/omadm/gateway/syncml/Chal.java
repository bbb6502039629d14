package io.omadm.gateway.syncml;

import java.util.Objects;

/** A challenge in a Status: Meta carries the required auth Type, Format and the NextNonce (b64). */
public record Chal(Meta meta) {
    public Chal {
        Objects.requireNonNull(meta, "meta");
    }
}
