package io.omadm.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HmacHeaderTest {

    @Test
    void parsesTheSpecExample() {
        HmacHeader h = HmacHeader.parse(
                "algorithm=MD5, username=\"Robert Jordan\", mac=NTI2OTJhMDAwNjYxODkwYmQ3NWUxN2RhN2ZmYmJlMzk").get();
        assertEquals("MD5", h.algorithm());
        assertEquals("Robert Jordan", h.username());
        assertEquals("NTI2OTJhMDAwNjYxODkwYmQ3NWUxN2RhN2ZmYmJlMzk", h.mac());
        assertTrue(h.isMd5());
    }

    @Test
    void algorithmDefaultsToMd5AndKeysAreCaseInsensitive() {
        HmacHeader h = HmacHeader.parse("Username=dev1,MAC=abc==").get();
        assertEquals("dev1", h.username());
        assertEquals("abc==", h.mac());
        assertTrue(h.isMd5());
    }

    @Test
    void quotedUserNamesMayHoldCommasAndQuotes() {
        HmacHeader h = HmacHeader.md5("a, \"b\"", "m==");
        assertEquals(h, HmacHeader.parse(h.format()).get());
    }

    @Test
    void unknownParametersAreIgnored() {
        assertEquals("u", HmacHeader.parse("username=u, mac=m, realm=x").get().username());
    }

    @Test
    void missingUserOrMacOrGarbageIsRejected() {
        assertFalse(HmacHeader.parse("username=u").isPresent());
        assertFalse(HmacHeader.parse("mac=m").isPresent());
        assertFalse(HmacHeader.parse("username=u, mac=").isPresent());
        assertFalse(HmacHeader.parse("garbage").isPresent());
        assertFalse(HmacHeader.parse(null).isPresent());
    }

    @Test
    void otherAlgorithmsAreParsedButNotMd5() {
        assertFalse(HmacHeader.parse("algorithm=SHA1, username=u, mac=m").get().isMd5());
    }
}
