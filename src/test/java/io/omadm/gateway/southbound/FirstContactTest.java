package io.omadm.gateway.southbound;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.testing.QueuedCommands;
import io.omadm.gateway.testing.SharedDir;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real DM clients' Package 1 at POST /dm: first contact records the device (B.9, HLF-003) as pending, the default
 * registration policy, until an operator accepts it; with the media types and chunked bodies real clients send, and
 * the answer in their encoding. A message in the name of a device it is not never changes that device's record, and
 * a captured credential is refused the second time, even while its session is open.
 */
@QuarkusTest
class FirstContactTest {

    private final SyncMLCodec codec = new SyncMLCodec();

    private SyncMLMessage decode(Response r, Encoding e) throws Exception {
        return codec.decode(r.asByteArray(), e);
    }

    @Test
    void libdmclientsXmlPackage1UnderTheDataSyncTypeRegistersTheDeviceAndIsAnsweredInKind() throws Exception {
        byte[] pkg1 = Files.readAllBytes(SharedDir.require("interop/libdmclient-pkg1.xml"));
        given().contentType("application/vnd.syncml+xml").body(pkg1).post("/dm").then().statusCode(200);
        given().get("/api/v1/devices/DMCtest").then().statusCode(200).body("status", equalTo("pending"))
                .body("man", equalTo("test manufacturer"));
        long queued = QueuedCommands.queue("DMCtest", "Get", "./DevInfo/Mod", null);
        given().contentType("application/vnd.syncml+xml").body(pkg1).post("/dm").then().statusCode(200);
        assertNull(QueuedCommands.command("DMCtest", queued).get("status"), "a pending device gets no command");
        given().auth().none().post("/api/v1/devices/DMCtest/accept").then().statusCode(401);
        given().post("/api/v1/devices/DMCtest/accept").then().statusCode(200).body("status", equalTo("detached"));
        given().post("/api/v1/devices/DMCtest/accept").then().statusCode(409);
        Response r = given().contentType("application/vnd.syncml+xml").body(pkg1).post("/dm");
        r.then().statusCode(200).contentType("application/vnd.syncml+xml");
        SyncMLMessage answer = decode(r, Encoding.XML);
        Status header = (Status) answer.body().commands().get(0);
        assertEquals("SyncHdr", header.cmd());
        assertEquals(200, header.code());
        assertTrue(answer.header().respUri().contains("/dm?dev=DMCtest"), answer.header().respUri());
        assertEquals(List.of(200, 200), answer.body().commands().subList(1, 3).stream()
                .map(c -> ((Status) c).code()).toList(), "Alert and Replace");
        assertTrue(answer.body().commands().stream().anyMatch(c -> c instanceof ItemCommand),
                "accepted: the queued Get goes out");
        given().get("/api/v1/devices/DMCtest").then().statusCode(200)
                .body("mode", equalTo("proxy")).body("man", equalTo("test manufacturer"))
                .body("model", equalTo("test model")).body("status", equalTo("attached"));
    }

    @Test
    void theWbxmlCaptureIsAnsweredInWbxml() throws Exception {
        byte[] pkg1 = Files.readAllBytes(SharedDir.require("interop/libdmclient-pkg1.wbxml"));
        Response r = given().contentType("application/vnd.syncml+wbxml").body(pkg1).post("/dm");
        r.then().statusCode(200).contentType("application/vnd.syncml+wbxml");
        assertEquals(200, ((Status) decode(r, Encoding.WBXML).body().commands().get(0)).code());
    }

    @Test
    void konekisChunkedPackage1RegistersItsDevice() throws Exception {
        byte[] pkg1 = Files.readAllBytes(SharedDir.require("interop/koneki-pkg1.xml"));
        // an InputStream body goes out chunked, without Content-Length, as Koneki sends it
        given().contentType("application/vnd.syncml.dm+xml").body(new ByteArrayInputStream(pkg1)).post("/dm")
                .then().statusCode(200).contentType("application/vnd.syncml.dm+xml");
        given().get("/api/v1/devices/{d}", "IMEI:490154203237518").then().statusCode(200)
                .body("man", equalTo("Koneki")).body("model", equalTo("Sim")).body("status", equalTo("pending"));
    }

    @Test
    void otherMediaTypesAre415AndGarbageIs400() {
        given().contentType("text/plain").body("hello").post("/dm").then().statusCode(415)
                .body(containsString("application/vnd.syncml.dm+xml"));
        given().contentType("application/vnd.syncml.dm+xml").body("<SyncML><oops").post("/dm").then()
                .statusCode(400).body(containsString("XML"));
        // the device's own signature never comes back as if it were the gateway's
        given().contentType("application/vnd.syncml.dm+xml").header("x-syncml-hmac", "algorithm=MD5, username=x,"
                + " mac=AAAA").body("<SyncML><oops").post("/dm").then().statusCode(400)
                .header("x-syncml-hmac", nullValue());
    }

    @Test
    void aDeviceTheGatewayHasCredentialsForMustAuthenticate() throws Exception {
        Secret secret = new Secret("dev-auth", "device-pass-1");
        given().contentType(ContentType.JSON).body(Map.of("devId", "dev-auth", "mode", "proxy",
                "authName", "dev-auth", "authSecret", "device-pass-1")).post("/api/v1/devices").then().statusCode(201);
        SyncMLMessage noCred = pkg1(null);
        Response first = given().contentType("application/vnd.syncml.dm+wbxml")
                .body(codec.encode(noCred, Encoding.WBXML)).post("/dm");
        Status challenge = (Status) decode(first, Encoding.WBXML).body().commands().get(0);
        assertEquals(407, challenge.code());
        byte[] nonce = Nonces.nextNonce(challenge.chal()).orElseThrow();
        SyncMLMessage withCred = pkg1(CredentialFactory.cred(AuthType.MD5, secret, nonce));
        Response second = given().contentType("application/vnd.syncml.dm+wbxml")
                .body(codec.encode(withCred, Encoding.WBXML)).post("/dm");
        assertEquals(212, ((Status) decode(second, Encoding.WBXML).body().commands().get(0)).code());
        given().get("/api/v1/devices/dev-auth").then().body("status", equalTo("attached"));
    }

    @Test
    void aCapturedCredentialIsRefusedTheSecondTimeEvenWhileItsSessionIsOpen() throws Exception {
        Secret secret = new Secret("dev-replay", "device-pass-2");
        given().contentType(ContentType.JSON).body(Map.of("devId", "dev-replay", "mode", "proxy",
                "authName", "dev-replay", "authSecret", "device-pass-2")).post("/api/v1/devices").then()
                .statusCode(201);
        QueuedCommands.queue("dev-replay", "Get", "./DevInfo/Mod", null); // the session stays open for its answer
        Status challenge = (Status) decode(post(pkg1("dev-replay", "7", null)), Encoding.WBXML).body().commands()
                .get(0);
        byte[] nonce = Nonces.nextNonce(challenge.chal()).orElseThrow();
        SyncMLMessage withCred = pkg1("dev-replay", "7", CredentialFactory.cred(AuthType.MD5, secret, nonce));
        SyncMLMessage first = decode(post(withCred), Encoding.WBXML);
        assertEquals(212, ((Status) first.body().commands().get(0)).code());
        assertTrue(first.body().commands().stream().anyMatch(c -> c instanceof ItemCommand), "the Get went out");
        // the same message again (an eavesdropper's replay, or a client reusing its SessionID): a new session, whose
        // credential must be made with the nonce the first one was given
        SyncMLMessage replay = decode(post(withCred), Encoding.WBXML);
        assertEquals(401, ((Status) replay.body().commands().get(0)).code());
        assertTrue(replay.body().commands().stream().noneMatch(c -> c instanceof ItemCommand));
        SyncMLMessage otherSession = decode(post(pkg1("dev-replay", "8", CredentialFactory.cred(AuthType.MD5,
                secret, nonce))), Encoding.WBXML);
        assertEquals(401, ((Status) otherSession.body().commands().get(0)).code());
    }

    @Test
    void aDeviceThatKeepsSendingWrongCredentialsIsLockedOutAndCounted() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("devId", "dev-guessed", "mode", "proxy",
                "authName", "dev-guessed", "authSecret", "the-right-one-1")).post("/api/v1/devices").then()
                .statusCode(201);
        Secret wrong = new Secret("dev-guessed", "a-wrong-guess");
        Status challenge = (Status) decode(post(pkg1("dev-guessed", "9", null)), Encoding.WBXML).body().commands()
                .get(0);
        byte[] nonce = Nonces.nextNonce(challenge.chal()).orElseThrow();
        for (int i = 0; i < 5; i++) { // gateway.southbound.auth.max-failures
            Status refused = (Status) decode(post(pkg1("dev-guessed", "9", CredentialFactory.cred(AuthType.MD5,
                    wrong, nonce))), Encoding.WBXML).body().commands().get(0);
            assertEquals(401, refused.code(), "guess " + (i + 1));
            nonce = Nonces.nextNonce(refused.chal()).orElseThrow();
        }
        Response locked = post(pkg1("dev-guessed", "9", CredentialFactory.cred(AuthType.MD5,
                new Secret("dev-guessed", "the-right-one-1"), nonce)));
        assertEquals(429, locked.statusCode(), "locked: even the right secret waits for the lockout to pass");
        assertTrue(locked.asString().contains("try again in"), locked.asString());
        int shown = given().get("/api/v1/devices/dev-guessed").then().statusCode(200).extract()
                .path("authLockedSeconds");
        assertTrue(shown > 0 && shown <= 300, "the lockout shows in the device's record: " + shown);
        given().get("/api/v1/devices/dev-replay").then().body("authLockedSeconds", org.hamcrest.Matchers.nullValue());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*gateway_proxy_auth_lockouts_total [1-9].*"), "counted in the metrics");
    }

    @Test
    void aMessageInTheNameOfAnAdaptationModeDeviceChangesNothing() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("devId", "plc-impostor", "mode", "adaptation",
                "protocol", "modbus", "address", "127.0.0.1:1502", "man", "Siemens", "model", "S7-1200"))
                .post("/api/v1/devices").then().statusCode(201);
        String before = given().get("/api/v1/devices/plc-impostor").then().statusCode(200).extract().asString();
        SyncMLMessage pkg1 = new SyncMLMessage(SyncHdr.of("3", "1", Location.of("http://gw/dm"),
                Location.of("plc-impostor")), new SyncBody(List.of(Alert.of("1", 1201), new ItemCommand(
                ItemCommand.Verb.REPLACE, "2", false, null, null, null, List.of(new Item(null,
                Location.of("./DevInfo/Man"), null, Data.text("Evil"), false)))), true));
        Status header = (Status) decode(post(pkg1), Encoding.WBXML).body().commands().get(0);
        assertEquals(403, header.code());
        assertEquals(before, given().get("/api/v1/devices/plc-impostor").then().extract().asString());
    }

    @Test
    void markupWhereAValueOrCredentialBelongsIsRefusedNotAnError() throws Exception {
        Data markup = new Data.Tnds(Element.of("MgmtTree", Element.leaf("VerDTD", "1.2")));
        SyncMLMessage devInfo = new SyncMLMessage(SyncHdr.of("4", "1", Location.of("http://gw/dm"),
                Location.of("dev-markup")), new SyncBody(List.of(Alert.of("1", 1201), new ItemCommand(
                ItemCommand.Verb.REPLACE, "2", false, null, null, null, List.of(new Item(null,
                Location.of("./DevInfo/Man"), null, markup, false)))), true));
        assertEquals(200, post(devInfo).statusCode(), "found by MutatedMessagesTest: it was a 500");
        given().get("/api/v1/devices/dev-markup").then().statusCode(200).body("man", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("devId", "dev-markup-cred", "mode", "proxy", "authName",
                "dev-markup-cred", "authSecret", "pw-123456789")).post("/api/v1/devices").then().statusCode(201);
        SyncMLMessage cred = pkg1("dev-markup-cred", "5", new io.omadm.gateway.syncml.Cred(
                io.omadm.gateway.syncml.Meta.type("syncml:auth-basic"), markup));
        assertEquals(401, ((Status) decode(post(cred), Encoding.WBXML).body().commands().get(0)).code());
    }

    private static Response post(SyncMLMessage m) {
        return given().contentType("application/vnd.syncml.dm+wbxml").body(new SyncMLCodec().encode(m,
                Encoding.WBXML)).post("/dm");
    }

    private static SyncMLMessage pkg1(String devId, String sessionId, io.omadm.gateway.syncml.Cred cred) {
        SyncHdr hdr = SyncHdr.of(sessionId, "1", Location.of("http://gw/dm"), new Location(devId, devId))
                .withCred(cred);
        return new SyncMLMessage(hdr, new SyncBody(List.of(Alert.of("1", 1201)), true));
    }

    private static SyncMLMessage pkg1(io.omadm.gateway.syncml.Cred cred) {
        SyncHdr hdr = SyncHdr.of("5", "1", Location.of("http://gw/dm"), new Location("dev-auth", "dev-auth"))
                .withCred(cred);
        return new SyncMLMessage(hdr, new SyncBody(List.of(Alert.of("1", 1201)), true));
    }
}
