package io.omadm.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final Secret DEVICE = new Secret("dev1", "s3cret-device-password");
    private final Nonces nonces = new Nonces();

    private static AuthRequest withCred(Cred cred, String locName) {
        return new AuthRequest(cred, null, new byte[0], locName);
    }

    // ---- basic ----

    @Test
    void basicWithoutCredentialsIs407WithABasicChallenge() {
        AuthDecision d = new Authenticator(AuthType.BASIC, nonces).decide(withCred(null, null), DEVICE, null);
        assertEquals(407, d.status());
        assertEquals("syncml:auth-basic", d.chal().meta().type());
        assertEquals("b64", d.chal().meta().format());
        assertNull(d.chal().meta().nextNonce());
        assertFalse(d.authenticated());
    }

    @Test
    void basicWithTheRightPasswordIs212AndWrongIs401() {
        Authenticator auth = new Authenticator(AuthType.BASIC, nonces);
        AuthDecision ok = auth.decide(withCred(CredentialFactory.cred(AuthType.BASIC, DEVICE, null), null), DEVICE,
                null);
        assertEquals(212, ok.status());
        assertNull(ok.chal());
        assertTrue(ok.authenticated());
        Cred wrong = CredentialFactory.cred(AuthType.BASIC, new Secret("dev1", "guess"), null);
        AuthDecision bad = auth.decide(withCred(wrong, null), DEVICE, null);
        assertEquals(401, bad.status());
        assertNotNull(bad.chal());
    }

    @Test
    void aCredWithoutMetaTypeIsBasicAndAnEmptyOneIsWrong() {
        Authenticator auth = new Authenticator(AuthType.BASIC, nonces);
        Cred untyped = new Cred(null, Data.text(Digests.basic(DEVICE)));
        assertEquals(212, auth.decide(withCred(untyped, null), DEVICE, null).status());
        Cred empty = new Cred(Meta.format("b64").withType("syncml:auth-basic"), Data.text("")); // as Koneki sends
        assertEquals(401, auth.decide(withCred(empty, null), DEVICE, null).status());
    }

    // ---- md5 ----

    @Test
    void md5WithoutCredentialsIs407WithAFreshSixteenByteNonce() {
        AuthDecision d = new Authenticator(AuthType.MD5, nonces).decide(withCred(null, null), DEVICE, null);
        assertEquals(407, d.status());
        assertEquals("syncml:auth-md5", d.chal().meta().type());
        assertEquals(16, d.nextNonce().length);
        assertArrayEquals(d.nextNonce(), Nonces.nextNonce(d.chal()).get());
    }

    @Test
    void md5RightDigestIs212WithANewNonceSoTheDigestCannotBeReplayed() {
        Authenticator auth = new Authenticator(AuthType.MD5, nonces);
        byte[] nonce = nonces.next();
        Cred cred = CredentialFactory.cred(AuthType.MD5, DEVICE, nonce);
        AuthDecision ok = auth.decide(withCred(cred, "dev1"), DEVICE, nonce);
        assertEquals(212, ok.status());
        assertNotNull(ok.nextNonce());
        assertFalse(Arrays.equals(nonce, ok.nextNonce()));
        // the same Cred against the nonce now in force
        AuthDecision replay = auth.decide(withCred(cred, "dev1"), DEVICE, ok.nextNonce());
        assertEquals(401, replay.status());
    }

    @Test
    void md5StaleNonceWrongUserOrOtherSchemeIs401WithAFreshChallenge() {
        Authenticator auth = new Authenticator(AuthType.MD5, nonces);
        byte[] current = nonces.next();
        byte[] stale = nonces.next();
        AuthDecision staleNonce = auth.decide(
                withCred(CredentialFactory.cred(AuthType.MD5, DEVICE, stale), "dev1"), DEVICE, current);
        assertEquals(401, staleNonce.status());
        assertEquals(16, Nonces.nextNonce(staleNonce.chal()).get().length);
        assertEquals(401, auth.decide(withCred(CredentialFactory.cred(AuthType.MD5, DEVICE, current), "dev2"),
                DEVICE, current).status());
        assertEquals(401, auth.decide(withCred(CredentialFactory.cred(AuthType.BASIC, DEVICE, null), "dev1"),
                DEVICE, current).status());
    }

    @Test
    void clientAnswersTheServersChallengeAndIsAccepted() throws Exception {
        // Package 1 without credentials, the challenge, Package 1 again with the digest built from NextNonce.
        Authenticator server = new Authenticator(AuthType.MD5, nonces);
        SyncMLCodec codec = new SyncMLCodec();
        SyncMLMessage pkg1 = message(null);
        AuthDecision challenge = server.decide(AuthRequest.of(pkg1, null, new byte[0]), DEVICE, null);
        assertEquals(407, challenge.status());
        byte[] serverNonce = challenge.nextNonce();
        byte[] fromWire = Nonces.nextNonce(codec.decode(codec.encode(statusCarrying(challenge), Encoding.WBXML),
                Encoding.WBXML).body().commands().stream().map(c -> ((Status) c).chal())
                .findFirst().get()).get();
        SyncMLMessage retry = message(CredentialFactory.cred(AuthType.MD5, DEVICE, fromWire));
        AuthDecision d = server.decide(AuthRequest.of(retry, null, new byte[0]), DEVICE, serverNonce);
        assertEquals(212, d.status());
    }

    // ---- hmac ----

    @Test
    void hmacWithoutTheHeaderIs407() {
        AuthDecision d = new Authenticator(AuthType.HMAC, nonces)
                .decide(new AuthRequest(null, null, new byte[0], "dev1"), DEVICE, nonces.next());
        assertEquals(407, d.status());
        assertEquals("syncml:auth-MAC", d.chal().meta().type());
        assertNotNull(d.nextNonce());
    }

    @Test
    void hmacOverTheExactBodyIs200WithANewNonceForTheNextMessage() {
        Authenticator auth = new Authenticator(AuthType.HMAC, nonces);
        byte[] nonce = nonces.next();
        byte[] body = new SyncMLCodec().encode(message(null), Encoding.WBXML);
        String header = CredentialFactory.hmacHeader(DEVICE, nonce, body);
        AuthDecision ok = auth.decide(new AuthRequest(null, header, body, "dev1"), DEVICE, nonce);
        assertEquals(200, ok.status());
        assertTrue(ok.authenticated());
        assertNotNull(ok.nextNonce());
        // the next message must use the new nonce
        assertEquals(401, auth.decide(new AuthRequest(null, header, body, "dev1"), DEVICE, ok.nextNonce()).status());
    }

    @Test
    void hmacTamperedBodyOtherUserMalformedHeaderOrOtherAlgorithmIs401() {
        Authenticator auth = new Authenticator(AuthType.HMAC, nonces);
        byte[] nonce = nonces.next();
        byte[] body = "<SyncML>...</SyncML>".getBytes(StandardCharsets.US_ASCII);
        String header = CredentialFactory.hmacHeader(DEVICE, nonce, body);
        byte[] tampered = body.clone();
        tampered[3] = 'X';
        assertEquals(401, auth.decide(new AuthRequest(null, header, tampered, null), DEVICE, nonce).status());
        String otherUser = CredentialFactory.hmacHeader(new Secret("dev2", DEVICE.password()), nonce, body);
        assertEquals(401, auth.decide(new AuthRequest(null, otherUser, body, null), DEVICE, nonce).status());
        assertEquals(401, auth.decide(new AuthRequest(null, "nonsense", body, null), DEVICE, nonce).status());
        String sha1 = header.replace("algorithm=MD5", "algorithm=SHA1");
        assertEquals(401, auth.decide(new AuthRequest(null, sha1, body, null), DEVICE, nonce).status());
    }

    @Test
    void secretsNeverShowInToString() {
        assertFalse(DEVICE.toString().contains(DEVICE.password()));
    }

    private static SyncMLMessage message(Cred cred) {
        SyncHdr hdr = SyncHdr.of("1", "1", Location.of("http://gw/dm"), new Location("IMEI:1", "dev1")).withCred(cred);
        return new SyncMLMessage(hdr, new SyncBody(List.of(), true));
    }

    private static SyncMLMessage statusCarrying(AuthDecision d) {
        SyncHdr hdr = SyncHdr.of("1", "1", new Location("IMEI:1", null), Location.of("http://gw/dm"));
        return new SyncMLMessage(hdr, new SyncBody(List.of(
                Status.of("1", "1", "0", "SyncHdr", d.status()).withChal(d.chal())), true));
    }
}
