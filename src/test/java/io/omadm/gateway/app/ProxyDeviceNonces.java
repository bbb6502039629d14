package io.omadm.gateway.app;

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
import java.util.List;

/**
 * A proxy-mode device across a gateway restart: the nonce the gateway hands it is kept in memory only, so a message
 * the gateway accepted before the restart cannot be replayed after it, and the device's next session costs it one
 * challenge, then goes on as usual.
 */
final class ProxyDeviceNonces {

    private static final Secret DEVICE = new Secret("plc-nonce", "device-pass-7");
    private static final SyncMLCodec CODEC = new SyncMLCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A Package 1 the gateway accepted (212), and the nonce it handed out with it. */
    private final byte[] accepted;
    private final byte[] nextNonce;

    private ProxyDeviceNonces(byte[] accepted, byte[] nextNonce) {
        this.accepted = accepted;
        this.nextNonce = nextNonce;
    }

    /** The device is created with credentials, challenged once, then accepted. */
    static ProxyDeviceNonces authenticate(GatewayProcess gateway) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/api/v1/devices"))
                .header("Content-Type", "application/json").header("Authorization", GatewayProcess.authorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"devId\":\"plc-nonce\",\"mode\":\"proxy\","
                        + "\"authName\":\"plc-nonce\",\"authSecret\":\"device-pass-7\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        Status challenge = header(post(gateway, pkg1("1", null)));
        assertEquals(407, challenge.code(), "no credentials yet");
        byte[] accepted = pkg1("1", md5(Nonces.nextNonce(challenge.chal()).orElseThrow()));
        Status ok = header(post(gateway, accepted));
        assertEquals(212, ok.code());
        return new ProxyDeviceNonces(accepted, Nonces.nextNonce(ok.chal()).orElseThrow());
    }

    /** On the restarted gateway: the accepted message replayed is refused; the device's next session is challenged. */
    void afterRestart(GatewayProcess gateway) throws Exception {
        assertEquals(401, header(post(gateway, accepted)).code(), "the accepted message replayed: refused");
        Status restartCost = header(post(gateway, pkg1("2", md5(nextNonce))));
        assertEquals(401, restartCost.code(), "the nonce handed out before the restart is forgotten");
        Status again = header(post(gateway, pkg1("2", md5(Nonces.nextNonce(restartCost.chal()).orElseThrow()))));
        assertEquals(212, again.code(), "one challenge, then the session goes on: " + gateway.log());
        assertTrue(Nonces.nextNonce(again.chal()).isPresent(), "and the device has its next nonce");
    }

    private static Cred md5(byte[] nonce) {
        return CredentialFactory.cred(AuthType.MD5, DEVICE, nonce);
    }

    private static byte[] pkg1(String sessionId, Cred cred) {
        SyncHdr hdr = SyncHdr.of(sessionId, "1", Location.of("http://gw/dm"), new Location("plc-nonce", "plc-nonce"))
                .withCred(cred);
        return CODEC.encode(new SyncMLMessage(hdr, new SyncBody(List.of(Alert.of("1", 1201)), true)), Encoding.WBXML);
    }

    private static byte[] post(GatewayProcess gateway, byte[] body) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/dm"))
                .header("Content-Type", "application/vnd.syncml.dm+wbxml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static Status header(byte[] answer) throws Exception {
        return (Status) CODEC.decode(answer, Encoding.WBXML).body().commands().get(0);
    }

    private static String base(GatewayProcess gateway) {
        return "http://127.0.0.1:" + gateway.httpPort();
    }
}
