package io.omadm.gateway.syncml;

import java.util.Objects;

/**
 * One SyncML DM message (OMA DM 1.2 Representation Protocol): a header and a body. Immutable; the XML and WBXML
 * codecs in {@code syncml.codec} turn it into bytes and back.
 */
public record SyncMLMessage(SyncHdr header, SyncBody body) {
    public SyncMLMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }
}
