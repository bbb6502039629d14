package io.omadm.gateway.syncml;

import java.util.Objects;

/**
 * The SyncHdr of a DM message. {@code verDtd} is "1.2" for DM 1.2 and DM 1.3 alike; {@code verProto} tells them apart
 * ("DM/1.2", "DM/1.3"). Cred is only allowed here in DM (spec notes §2.1). Nullable fields are optional elements.
 */
public record SyncHdr(
        String verDtd,
        String verProto,
        String sessionId,
        String msgId,
        Location target,
        Location source,
        String respUri,
        boolean noResp,
        Cred cred,
        Meta meta) {

    public static final String VER_DTD_1_2 = "1.2";
    public static final String PROTO_DM_1_2 = "DM/1.2";
    public static final String PROTO_DM_1_3 = "DM/1.3";

    public SyncHdr {
        Objects.requireNonNull(verDtd, "verDtd");
        Objects.requireNonNull(verProto, "verProto");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
    }

    /** A DM 1.2 header with the mandatory elements only. */
    public static SyncHdr of(String sessionId, String msgId, Location target, Location source) {
        return new SyncHdr(VER_DTD_1_2, PROTO_DM_1_2, sessionId, msgId, target, source, null, false, null, null);
    }

    public SyncHdr withRespUri(String uri) {
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, uri, noResp, cred, meta);
    }

    public SyncHdr withSource(Location newSource) {
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, newSource, respUri, noResp, cred, meta);
    }

    public SyncHdr withCred(Cred newCred) {
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, respUri, noResp, newCred, meta);
    }

    public SyncHdr withMeta(Meta newMeta) {
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, respUri, noResp, cred, newMeta);
    }
}
