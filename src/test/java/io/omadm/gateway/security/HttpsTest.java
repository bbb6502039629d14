package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * HTTPS by default: the gateway serves its API (and the DM faces) over TLS with the self-signed certificate it made
 * at its first start; the certificate names localhost and 127.0.0.1, and the operator API answers there.
 */
@QuarkusTest
class HttpsTest {

    @TestHTTPResource(value = "/api/v1/devices", tls = true)
    URL devices;

    @TestHTTPResource(value = "/dm", tls = true)
    URL dm;

    /** Accepts any certificate, keeping the one the server showed. */
    private static final class Keeping implements X509TrustManager {
        X509Certificate seen;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen = chain[0];
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Test
    void theOperatorApiIsServedOverTlsWithTheFirstStartsCertificate() throws Exception {
        assertEquals("https", devices.getProtocol());
        given().relaxedHTTPSValidation().get(devices.toString()).then().statusCode(200);
        given().relaxedHTTPSValidation().auth().none().get(devices.toString()).then().statusCode(401);

        Keeping trust = new Keeping();
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {trust}, null);
        HttpsURLConnection c = (HttpsURLConnection) devices.openConnection();
        c.setSSLSocketFactory(ssl.getSocketFactory());
        c.setHostnameVerifier((host, session) -> true);
        c.getResponseCode(); // the handshake showed the trust manager the certificate
        X509Certificate cert = trust.seen;
        assertTrue(cert.getSubjectX500Principal().getName().contains("self-signed at first start"),
                cert.getSubjectX500Principal().getName());
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("127.0.0.1")),
                "the certificate names 127.0.0.1");
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("localhost")));
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
        assertEquals(64, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))
                .length());
    }

    @Test
    void theDmFacesAreServedOverTlsToo() {
        int s = given().relaxedHTTPSValidation().auth().none().contentType("application/vnd.syncml.dm+xml")
                .body("<SyncML/>").post(dm.toString()).statusCode();
        assertEquals(400, s, "an unreadable message gets 400 over TLS, as over plain HTTP");
    }
}
