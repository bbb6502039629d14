package io.omadm.gateway.syncml.codec;

/**
 * A sink of markup events, the seam between {@link SyncMLWriter} and the two wire formats. An element started and
 * ended with nothing between is written empty ({@code <Final/>}, a WBXML tag without the content bit).
 */
interface MarkupWriter {
    void start(Tag tag);

    void end();

    void text(String text);

    void opaque(byte[] bytes);

    byte[] toByteArray();

    /**
     * A writer for a TNDS tree embedded in Data as a document of its own, whose bytes then go in as opaque data;
     * null when the tree is written inline (XML).
     */
    default MarkupWriter tndsDocument() {
        return null;
    }

    /** The TNDS media type of this encoding (spec notes §5.7): the Meta Type that announces a MgmtTree in Data. */
    String tndsMediaType();
}
