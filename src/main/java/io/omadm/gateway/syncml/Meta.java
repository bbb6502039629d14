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
