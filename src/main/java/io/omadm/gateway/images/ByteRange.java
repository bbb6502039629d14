package io.omadm.gateway.images;

import java.util.Optional;

/** One HTTP byte range (RFC 9110 §14.1.2): "bytes=a-b", "bytes=a-" or "bytes=-n", as [first, last] of a file. */
public final class ByteRange {

    private ByteRange() {
    }

    /** Empty when the header is not one satisfiable range of a file of {@code size} bytes. */
    public static Optional<long[]> parse(String header, long size) {
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.contains(",") || size == 0) {
            return Optional.empty();
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                return suffix <= 0 ? Optional.empty() : Optional.of(new long[] {Math.max(0, size - suffix), size - 1});
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            return first < 0 || first >= size || last < first ? Optional.empty() : Optional.of(new long[] {first, last});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
