package io.omadm.gateway.syncml.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * A SyncML media type from a Content-Type header. Besides the DM types, real DM clients (libdmclient) send the
 * data-sync types {@code application/vnd.syncml+xml} and {@code +wbxml}; parameters (charset, SEC, MAC) are allowed.
 * The answer goes back in the encoding and under the media type the peer used.
 *
 * @param mediaType the bare type, lower case, without parameters
 */
public record SyncMLMediaType(String mediaType, Encoding encoding) {

    public static final SyncMLMediaType DM_XML = new SyncMLMediaType("application/vnd.syncml.dm+xml", Encoding.XML);
    public static final SyncMLMediaType DM_WBXML =
            new SyncMLMediaType("application/vnd.syncml.dm+wbxml", Encoding.WBXML);
    public static final SyncMLMediaType DS_XML = new SyncMLMediaType("application/vnd.syncml+xml", Encoding.XML);
    public static final SyncMLMediaType DS_WBXML = new SyncMLMediaType("application/vnd.syncml+wbxml", Encoding.WBXML);

    /** The SyncML type a Content-Type header names, or empty when it names none of the four. */
    public static Optional<SyncMLMediaType> parse(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        for (SyncMLMediaType t : new SyncMLMediaType[] {DM_XML, DM_WBXML, DS_XML, DS_WBXML}) {
            if (t.mediaType.equals(bare)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The types a DM endpoint accepts, for a 415 message. */
    public static String accepted() {
        return String.join(", ", DM_XML.mediaType, DM_WBXML.mediaType, DS_XML.mediaType, DS_WBXML.mediaType);
    }
}
