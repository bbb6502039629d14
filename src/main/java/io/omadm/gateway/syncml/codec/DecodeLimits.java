package io.omadm.gateway.syncml.codec;

/**
 * Bounds a decoder keeps so that hostile input costs little: the message size (the MaxMsgSize we announced, spec
 * notes §2.7) and the element nesting depth (TNDS subtrees are the deepest legitimate content).
 */
public record DecodeLimits(int maxMessageSize, int maxDepth) {

    /** 1 MiB messages, 64 levels: well above what DM peers send (typical MaxMsgSize is 4-64 KiB). */
    public static final DecodeLimits DEFAULT = new DecodeLimits(1 << 20, 64);

    public DecodeLimits {
        if (maxMessageSize <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxMessageSize + ", " + maxDepth);
        }
    }

    public DecodeLimits withMaxMessageSize(int size) {
        return new DecodeLimits(size, maxDepth);
    }
}
