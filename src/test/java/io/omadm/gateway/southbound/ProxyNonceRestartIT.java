package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nonce the gateway hands a proxy-mode device is kept in memory only (no disk write per session): across a real
 * kill -9 and restart, a message sent before it cannot be replayed, and the device's next session costs it one
 * challenge, then goes on as usual.
 */
class ProxyNonceRestartIT {

    private static final Secret DEVICE = new Secret("plc-nonce", "device-pass-7");

    @TempDir
    Path dataDir;

    private final SyncMLCodec codec = new SyncMLCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMessageFromBeforeARestartIsRefusedAndTheNextSessionIsChallengedOnce() throws Exception {
        Map<String, String> config = Map.of("gateway.data-dir", dataDir.toString(), "gateway.notification.udp-port",
                "0");
        byte[] accepted;
        byte[] nextNonce;
        GatewayProcess first = GatewayProcess.start(config);
        try {
            first.awaitOk("/q/health/ready");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base(first)
                    + "/api/v1/devices")).header("Content-Type", "application/json")
                    .header("Authorization", GatewayProcess.authorization()).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"devId\":\"plc-nonce\",\"mode\":\"proxy\",\"authName\":\"plc-nonce\","
                            + "\"authSecret\":\"device-pass-7\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            Status challenge = header(post(first, pkg1("1", null)));
            assertEquals(407, challenge.code(), "no credentials yet");
            accepted = encode(pkg1("1", md5(Nonces.nextNonce(challenge.chal()).orElseThrow())));
            Status ok = header(post(first, accepted));
            assertEquals(212, ok.code());
            nextNonce = Nonces.nextNonce(ok.chal()).orElseThrow();
        } finally {
            first.kill();
        }
        try (GatewayProcess second = GatewayProcess.start(config)) {
            second.awaitOk("/q/health/ready");
            assertEquals(401, header(post(second, accepted)).code(), "the accepted message replayed: refused");
            Status restartCost = header(post(second, encode(pkg1("2", md5(nextNonce)))));
            assertEquals(401, restartCost.code(), "the nonce handed out before the restart is forgotten");
            Status again = header(post(second, encode(pkg1("2", md5(Nonces.nextNonce(restartCost.chal())
                    .orElseThrow())))));
            assertEquals(212, again.code(), "one challenge, then the session goes on: " + second.log());
            assertTrue(Nonces.nextNonce(again.chal()).isPresent(), "and the device has its next nonce");
        }
    }

    private static Cred md5(byte[] nonce) {
        return CredentialFactory.cred(AuthType.MD5, DEVICE, nonce);
    }

    private static SyncMLMessage pkg1(String sessionId, Cred cred) {
        SyncHdr hdr = SyncHdr.of(sessionId, "1", Location.of("http://gw/dm"), new Location("plc-nonce", "plc-nonce"))
                .withCred(cred);
        return new SyncMLMessage(hdr, new SyncBody(List.of(Alert.of("1", 1201)), true));
    }

    private byte[] encode(SyncMLMessage m) {
        return codec.encode(m, Encoding.WBXML);
    }

    private byte[] post(GatewayProcess gateway, SyncMLMessage m) throws Exception {
        return post(gateway, encode(m));
    }

    private byte[] post(GatewayProcess gateway, byte[] body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/dm"))
                .header("Content-Type", "application/vnd.syncml.dm+wbxml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private Status header(byte[] answer) throws Exception {
        return (Status) codec.decode(answer, Encoding.WBXML).body().commands().get(0);
    }

    private static String base(GatewayProcess gateway) {
        return "http://127.0.0.1:" + gateway.httpPort();
    }
}
