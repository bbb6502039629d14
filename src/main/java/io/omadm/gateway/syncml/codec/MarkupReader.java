package io.omadm.gateway.syncml.codec;

/**
 * A pull stream of markup events, the seam between the two wire formats and the one {@link SyncMLReader} that builds
 * the model. Implementations resolve element names to {@link Tag}s, enforce {@link DecodeLimits#maxDepth()} and
 * report every fault as a {@link SyncMLDecodeException}.
 */
interface MarkupReader {

    enum Event { START, END, TEXT, OPAQUE, END_DOCUMENT }

    Event next() throws SyncMLDecodeException;

    /** The element just started (after START). */
    Tag tag();

    /** The characters just read (after TEXT). */
    String text();

    /** The bytes just read (after OPAQUE). */
    byte[] opaque();

    /** A MALFORMED error that says where in the input it was found. */
    SyncMLDecodeException malformed(String message);
}
