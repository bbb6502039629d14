package io.omadm.gateway.security.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmSealerTest {

    private final AesGcmSealer sealer = AesGcmSealer.withNewKey();

    @Test
    void aSealedSecretOpensAgainAndShowsNothingOfItself() {
        String secret = "pässwörd-ünïcode-42";
        String sealed = sealer.seal(secret);
        assertTrue(sealed.startsWith("sealed:v1:" + sealer.currentKeyId() + ":"), sealed);
        // neither the secret nor its base64 shows (a short piece such as "42" may turn up in random base64 by chance:
        // 1 run in about 60 did)
        assertFalse(sealed.contains(secret));
        assertFalse(sealed.contains(java.util.Base64.getEncoder().encodeToString(secret.getBytes(
                StandardCharsets.UTF_8)).substring(0, 24)));
        assertEquals(secret, sealer.open(sealed));
        assertNotEquals(sealed, sealer.seal(secret), "a fresh IV each time: equal secrets do not look equal");
        assertTrue(sealer.isCurrent(sealed.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("", sealer.open(sealer.seal("")));
        assertNull(sealer.seal((String) null));
        assertNull(sealer.open((String) null));
        byte[] binary = {0, 1, (byte) 0xFF, (byte) 0x80};
        assertArrayEquals(binary, sealer.open(sealer.seal(binary)));
    }

    @Test
    void aValueWrittenBeforeSealingIsReadAsItIsAndIsNotCurrent() {
        assertEquals("old-plain-secret", sealer.open("old-plain-secret"));
        assertFalse(sealer.isCurrent("old-plain-secret".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anAlteredValueOrAnotherKeysDoesNotOpen() {
        String sealed = sealer.seal("secret");
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] body = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        body[body.length - 1] ^= 1;
        StoreException altered = assertThrows(StoreException.class,
                () -> sealer.open(prefix + Base64.getEncoder().encodeToString(body)));
        assertTrue(altered.getMessage().contains("altered"), altered.getMessage());

        AesGcmSealer other = AesGcmSealer.withNewKey();
        StoreException wrongKey = assertThrows(StoreException.class, () -> other.open(sealed));
        assertTrue(wrongKey.getMessage().contains(sealer.currentKeyId()), wrongKey.getMessage());
        assertFalse(wrongKey.getMessage().contains("secret\""), "the message names keys, not values");
        assertFalse(other.isCurrent(sealed.getBytes(StandardCharsets.US_ASCII)));

        assertThrows(StoreException.class, () -> sealer.open("sealed:v1:nokeyid"));
        assertThrows(StoreException.class, () -> sealer.open(prefix + "AAAA"));
        assertThrows(StoreException.class, () -> sealer.open(prefix + "not base64!"));
    }

    @Test
    void duringARotationTheNewKeySealsAndBothOpen() {
        String before = sealer.seal("one");
        sealer.use(sealer.keys().rotatedTo(KeyFile.newKey()));
        String after = sealer.seal("two");
        assertNotEquals(before.substring(0, 19), after.substring(0, 19), "sealed under the new key id");
        assertEquals("one", sealer.open(before));
        assertEquals("two", sealer.open(after));
        sealer.use(sealer.keys().currentOnly());
        assertThrows(StoreException.class, () -> sealer.open(before), "the old key is gone");
        assertEquals("two", sealer.open(after));
    }
}
