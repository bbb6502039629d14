package io.omadm.gateway.tree;

import java.util.Optional;

/**
 * A leaf's new value taken as it arrives, chunk by chunk, for values too large to hold in memory (a software image
 * sent as a large object: spec notes §2.7). The session hands each chunk over as soon as it is decoded; the managed
 * object decides what the whole value means once it is complete.
 */
public interface ValueSink {

    /** Takes the next bytes; a failure result (413, 500) when it cannot, after which it has dropped what it had. */
    Optional<TreeResult> append(byte[] bytes);

    /** The value is whole: the result of the Replace. */
    TreeResult complete();

    /** The value will not be completed (the object ended without its last chunk, or the session ended). */
    void abort();
}
