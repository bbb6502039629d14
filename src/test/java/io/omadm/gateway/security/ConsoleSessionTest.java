package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.security.http.ConsoleSession;
import io.omadm.gateway.testing.OperatorCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in (/api/v1/session) as a browser uses it: a cookie the page cannot read, taken as the user's
 * token; a change signed in by the cookie alone (what a forged cross-site request carries) is refused; signing out
 * revokes it; the console's pages send a stranger to the sign-in page, which is open.
 */
@QuarkusTest
class ConsoleSessionTest {

    private static Response signIn(String user, String password) {
        return given().auth().none().contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", password)).post("/api/v1/session");
    }

    @Test
    void aWrongPasswordGetsNoCookieAndNoBrowserDialog() {
        Response r = signIn(OperatorCredentials.USER, "not-the-password");
        assertEquals(401, r.statusCode());
        assertNull(r.getCookie(ConsoleSession.COOKIE));
        assertNull(r.getHeader("WWW-Authenticate"), "a browser would show its own dialog");
        assertEquals(400, given().auth().none().contentType(ContentType.JSON).body("{}").post("/api/v1/session")
                .statusCode());
    }

    @Test
    void theCookieSignsInReadsAndChangesNeedTheConsoleHeader() {
        Response r = signIn(OperatorCredentials.USER, OperatorCredentials.PASSWORD);
        r.then().statusCode(200).body("user", equalTo("admin")).body("role", equalTo("admin"));
        String setCookie = r.getHeader("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("Secure")
                && setCookie.contains("SameSite=Strict"), setCookie);
        String session = r.getCookie(ConsoleSession.COOKIE);
        assertNotNull(session);

        given().auth().none().cookie(ConsoleSession.COOKIE, session).get("/api/v1/session").then().statusCode(200)
                .body("role", equalTo("admin"));
        given().auth().none().cookie(ConsoleSession.COOKIE, session).get("/api/v1/inventory/summary").then()
                .statusCode(200);
        // what another site's page can make a browser send: the cookie, not the header
        given().auth().none().cookie(ConsoleSession.COOKIE, session).contentType(ContentType.JSON)
                .body(Map.of("name", "forged")).post("/api/v1/groups").then().statusCode(403);
        given().auth().none().get("/api/v1/groups/forged").then().statusCode(401);
        given().auth().none().cookie(ConsoleSession.COOKIE, session).header(ConsoleSession.HEADER, "1")
                .contentType(ContentType.JSON).body(Map.of("name", "from-the-console")).post("/api/v1/groups")
                .then().statusCode(201);
        List<String> tokens = given().get("/api/v1/tokens").then().extract().path("name");
        assertTrue(tokens.contains("console session"), "a session is a token, listed: " + tokens);

        given().auth().none().cookie(ConsoleSession.COOKIE, session).header(ConsoleSession.HEADER, "1")
                .delete("/api/v1/session").then().statusCode(204);
        given().auth().none().cookie(ConsoleSession.COOKIE, session).get("/api/v1/session").then().statusCode(401);
    }

    @Test
    void theConsolePagesSendAStrangerToTheSignInPage() {
        Response page = given().auth().none().redirects().follow(false).get("/console/index.html");
        assertEquals(302, page.statusCode());
        assertEquals("/console/login.html", page.getHeader("Location"));
        given().auth().none().get("/console/login.html").then().statusCode(200);
        String session = signIn(OperatorCredentials.USER, OperatorCredentials.PASSWORD).getCookie(
                ConsoleSession.COOKIE);
        Response signedIn = given().auth().none().cookie(ConsoleSession.COOKIE, session).get("/console/index.html");
        assertEquals(200, signedIn.statusCode());
        List<String> csp = signedIn.getHeaders().getValues("Content-Security-Policy");
        assertEquals(1, csp.size(), "two policies would both apply: " + csp);
        assertTrue(csp.get(0).contains("script-src 'self'"), csp.toString());
    }
}
