package io.omadm.gateway.images;

/**
 * An entry of ./GwMO/ImageInventory: the server's name for a package, where to fetch it, what it should hash to, and,
 * once stored, the stored image's hash and size.
 *
 * @param status empty, downloading, stored or failed
 */
public record ImageEntry(String entryId, String imageId, String source, String wantSha256, Long wantSize,
        String sha256, Long size, String status, String detail) {

    public static final String EMPTY = "empty";
    public static final String DOWNLOADING = "downloading";
    public static final String STORED = "stored";
    public static final String FAILED = "failed";

    public boolean stored() {
        return STORED.equals(status);
    }
}
