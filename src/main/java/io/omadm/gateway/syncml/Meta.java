package io.omadm.gateway.syncml;

/**
 * MetInf (namespace {@code syncml:metinf}, WBXML code page 1) as DM uses it. Every field is optional (null when
 * absent). {@code size} is the total size of a large object and appears in its first chunk only (spec notes §2.7).
 */
public record Meta(
        String format,
        String type,
        String mark,
        Long size,
        String version,
        String nextNonce,
        Long maxMsgSize,
        Long maxObjSize) {

    /**
     * The Type that announces a TNDS tree in Data. It names the encoding on the wire (+xml inline, +wbxml as an
     * embedded document); the model is encoding-neutral, so it always holds this one and the writer picks the wire form.
     */
    public static final String TNDS_TYPE = "application/vnd.syncml.dmtnds+xml";
    public static final String TNDS_WBXML_TYPE = "application/vnd.syncml.dmtnds+wbxml";

    public static final Meta EMPTY = new Meta(null, null, null, null, null, null, null, null);

    public static Meta format(String format) {
        return EMPTY.withFormat(format);
    }

    public static Meta type(String type) {
        return EMPTY.withType(type);
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    public Meta withFormat(String v) {
        return new Meta(v, type, mark, size, version, nextNonce, maxMsgSize, maxObjSize);
    }

    public Meta withType(String v) {
        return new Meta(format, v, mark, size, version, nextNonce, maxMsgSize, maxObjSize);
    }

    public Meta withMark(String v) {
        return new Meta(format, type, v, size, version, nextNonce, maxMsgSize, maxObjSize);
    }

    public Meta withSize(Long v) {
        return new Meta(format, type, mark, v, version, nextNonce, maxMsgSize, maxObjSize);
    }

    public Meta withVersion(String v) {
        return new Meta(format, type, mark, size, v, nextNonce, maxMsgSize, maxObjSize);
    }

    public Meta withNextNonce(String v) {
        return new Meta(format, type, mark, size, version, v, maxMsgSize, maxObjSize);
    }

    public Meta withMaxMsgSize(Long v) {
        return new Meta(format, type, mark, size, version, nextNonce, v, maxObjSize);
    }

    public Meta withMaxObjSize(Long v) {
        return new Meta(format, type, mark, size, version, nextNonce, maxMsgSize, v);
    }
}
