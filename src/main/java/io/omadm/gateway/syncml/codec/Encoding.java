package io.omadm.gateway.syncml.codec;

/** The two wire forms of a SyncML DM message. */
public enum Encoding {
    XML("application/vnd.syncml.dm+xml"),
    WBXML("application/vnd.syncml.dm+wbxml");

    private final String dmMediaType;

    Encoding(String dmMediaType) {
        this.dmMediaType = dmMediaType;
    }

    /** The DM media type of this encoding, for messages we start (a peer's own type is echoed when answering). */
    public String dmMediaType() {
        return dmMediaType;
    }
}
