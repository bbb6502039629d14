package io.omadm.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {

    private static final Secret BRUCE = new Secret("Bruce2", "OhBehave");

    @Test
    void basicMatchesTheSpecVector() {
        assertEquals("QnJ1Y2UyOk9oQmVoYXZl", Digests.basic(BRUCE));
    }

    @Test
    void md5MatchesTheSpecVector() {
        assertEquals("Zz6EivR3yeaaENcRN6lpAQ==", Digests.md5(BRUCE, "Nonce".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void md5TakesTheNonceAsRawBytesNotAsItsBase64() {
        byte[] binaryNonce = {0, (byte) 0xFF, 0x10, (byte) 0x80};
        String digest = Digests.md5(BRUCE, binaryNonce);
        String expected = Digests.b64md5(concat((Digests.userDigest(BRUCE) + ":").getBytes(StandardCharsets.US_ASCII),
                binaryNonce));
        assertEquals(expected, digest);
    }

    @Test
    void hmacMatchesTheVectorComputedInTheSpecNotes() {
        // spec notes §3.4 (computed there from the formula): user/pass, nonce "nonce123", body "<SyncML/>"
        assertEquals("wfUTueHLqIoIHcgxhgpkSQ==", Digests.hmac(new Secret("user", "pass"),
                "nonce123".getBytes(StandardCharsets.US_ASCII), "<SyncML/>".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void hmacCoversEveryByteOfTheBody() {
        byte[] nonce = "n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = "<SyncML><SyncHdr/></SyncML>".getBytes(StandardCharsets.US_ASCII);
        String mac = Digests.hmac(BRUCE, nonce, body);
        byte[] tampered = body.clone();
        tampered[body.length - 2] ^= 1;
        assertFalse(mac.equals(Digests.hmac(BRUCE, nonce, tampered)));
    }

    @Test
    void constantTimeEqualsComparesWholeValues() {
        assertTrue(Digests.constantTimeEquals("abc", "abc"));
        assertFalse(Digests.constantTimeEquals("abc", "abd"));
        assertFalse(Digests.constantTimeEquals("abc", "abcd"));
        assertFalse(Digests.constantTimeEquals(null, "abc"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
