package io.omadm.gateway.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void theThreeFormsOfOneRangeAndWhatIsNotSatisfiable() {
        assertArrayEquals(new long[] {0, 99}, ByteRange.parse("bytes=0-99", 1000).orElseThrow());
        assertArrayEquals(new long[] {900, 999}, ByteRange.parse("bytes=900-", 1000).orElseThrow());
        assertArrayEquals(new long[] {990, 999}, ByteRange.parse("bytes=-10", 1000).orElseThrow());
        assertArrayEquals(new long[] {500, 999}, ByteRange.parse("bytes=500-5000", 1000).orElseThrow());
        assertTrue(ByteRange.parse("bytes=1000-", 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=5-1", 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=0-1,5-6", 1000).isEmpty(), "one range only");
        assertTrue(ByteRange.parse("items=0-1", 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=x-1", 1000).isEmpty());
    }
}
