package io.omadm.gateway.images;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Who may fetch images: the allow-list's blocks, or a device with its token for that image. */
class ImageAccessTest {

    private static final String SHA = "a".repeat(64);
    private final ImageAccess access = new ImageAccess("192.168.10.0/24, fd00::/8, 10.1.2.3", new byte[32]);

    @Test
    void addressesInTheAllowListsBlocksAreAllowed() {
        assertTrue(access.inAllowList("192.168.10.77"));
        assertFalse(access.inAllowList("192.168.11.1"));
        assertTrue(access.inAllowList("fd12:3456::1"));
        assertFalse(access.inAllowList("2001:db8::1"));
        assertTrue(access.inAllowList("10.1.2.3"));
        assertFalse(access.inAllowList("10.1.2.4"), "an address alone is one host");
        assertFalse(access.inAllowList("plc.example"), "names are not looked up");
    }

    @Test
    void aTokenLetsItsDeviceFetchItsImageOnly() {
        String token = access.token(SHA, "dev-1");
        assertTrue(access.allows("203.0.113.5", SHA, "dev-1", token));
        assertFalse(access.allows("203.0.113.5", SHA, "dev-2", token), "another device");
        assertFalse(access.allows("203.0.113.5", "b".repeat(64), "dev-1", token), "another image");
        assertFalse(access.allows("203.0.113.5", SHA, "dev-1", null));
        assertNotEquals(token, new ImageAccess("", new byte[] {1}).token(SHA, "dev-1"), "another gateway's key");
    }

    @Test
    void aBadBlockIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new ImageAccess("10.0.0.0/33", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new ImageAccess("lan", new byte[32]));
    }
}
