package io.omadm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.omadm.gateway.admin.UndeclaredEndpointResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Deny by default, proved by walking every endpoint: each JAX-RS resource method of the gateway declares who may call
 * it; an anonymous call to any of them is 401; a viewer token gets 403 on every write; an operator token gets 403 on
 * every admin endpoint (users, tokens, device accounts, bootstrap). The raw Vert.x routes and Quarkus's own pages are
 * walked too. A resource added without a declaration is caught twice: by the walk, and by the running gateway, which
 * refuses it to everyone.
 */
@QuarkusTest
class EndpointSecurityTest {

    /** One resource method: HTTP method, path with its parameters filled in, roles allowed (empty: none declared). */
    record Endpoint(String method, String path, Set<String> roles, String consumes) {
        boolean isWrite() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static String viewerToken;
    private static String operatorToken;

    /** Every resource method of the classes given. */
    static List<Endpoint> endpoints(List<Class<?>> resources) {
        List<Endpoint> out = new ArrayList<>();
        for (Class<?> c : resources) {
            String base = c.getAnnotation(Path.class).value();
            for (Method m : c.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                        : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(DELETE.class) ? "DELETE"
                        : null;
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = (base + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/")
                        .replaceAll("\\{[^}]*\\}", "p1");
                RolesAllowed roles = m.isAnnotationPresent(RolesAllowed.class) ? m.getAnnotation(RolesAllowed.class)
                        : c.getAnnotation(RolesAllowed.class);
                boolean permitted = m.isAnnotationPresent(PermitAll.class) || m.isAnnotationPresent(DenyAll.class);
                Consumes consumes = m.isAnnotationPresent(Consumes.class) ? m.getAnnotation(Consumes.class)
                        : c.getAnnotation(Consumes.class);
                out.add(new Endpoint(verb, path, roles != null ? Set.of(roles.value())
                        : permitted ? Set.of("(declared)") : Set.of(), consumes == null ? "application/json"
                        : consumes.value()[0]));
            }
        }
        return out;
    }

    /** The gateway's own resource classes (main, not tests). */
    static List<Class<?>> gatewayResources() {
        List<Class<?>> out = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.omadm.gateway")) {
            if (c.isAnnotatedWith(Path.class)) {
                out.add(c.reflect());
            }
        }
        return out;
    }

    /** A viewer and an operator token, made once (RestAssured knows the gateway's port from the first test on). */
    private static synchronized void tokens() {
        if (viewerToken != null) {
            return;
        }
        viewerToken = given().contentType(ContentType.JSON).body(Map.of("name", "walk-viewer", "role", "viewer"))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("secret");
        operatorToken = given().contentType(ContentType.JSON).body(Map.of("name", "walk-operator", "role",
                "operator")).post("/api/v1/tokens").then().statusCode(201).extract().path("secret");
    }

    private static RequestSpecification call(Endpoint e, String bearer) {
        RequestSpecification r = given().auth().none();
        if (bearer != null) {
            r = r.header("Authorization", "Bearer " + bearer);
        }
        return e.isWrite() ? r.contentType(e.consumes().startsWith("*") ? "application/json" : e.consumes())
                .body(e.consumes().startsWith("text") ? "1" : "{}") : r;
    }

    private static int status(Endpoint e, String bearer) {
        return call(e, bearer).request(e.method(), e.path()).statusCode();
    }

    @Test
    void everyResourceMethodDeclaresWhoMayCallIt() {
        List<Endpoint> all = endpoints(gatewayResources());
        assertTrue(all.size() >= 40, "the walk finds the API: " + all);
        assertEquals(List.of(), all.stream().filter(e -> e.roles().isEmpty()).toList(), "endpoints with no role");
        // and a resource an engineer adds without a declaration is caught
        assertEquals(List.of("GET /api/v1/test-undeclared"), endpoints(List.of(UndeclaredEndpointResource.class))
                .stream().filter(e -> e.roles().isEmpty()).map(Endpoint::toString).toList());
    }

    /** The one operator call open to anyone: the console's sign-in, which checks a password itself. */
    private static final Set<String> OPEN = Set.of("POST /api/v1/session");

    @Test
    void anonymousCallsToEveryEndpointAreRefused() {
        List<String> open = new ArrayList<>();
        List<Endpoint> all = endpoints(gatewayResources());
        assertEquals(OPEN, all.stream().filter(e -> e.roles().equals(Set.of("(declared)")))
                .map(Endpoint::toString).collect(java.util.stream.Collectors.toSet()), "the open calls");
        for (Endpoint e : all) {
            if (OPEN.contains(e.toString())) {
                assertEquals(400, status(e, null), e + ": an empty sign-in is refused, not served");
                continue;
            }
            if (status(e, null) != 401) {
                open.add(e + " answered " + status(e, null));
            }
        }
        assertEquals(List.of(), open);
    }

    @Test
    void aViewerGets403OnEveryWriteAndAnOperatorOnEveryAdminEndpoint() {
        tokens();
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints(gatewayResources())) {
            if (e.path().equals("/api/v1/session")) {
                continue; // signing in and out of the console: every user's own (ConsoleSessionTest)
            }
            int asViewer = status(e, viewerToken);
            if (!e.roles().contains(Role.VIEWER_NAME) && asViewer != 403) {
                wrong.add("viewer: " + e + " answered " + asViewer);
            }
            if (e.isWrite() && asViewer != 403) {
                wrong.add("viewer may write: " + e);
            }
            int asOperator = status(e, operatorToken);
            if (e.roles().equals(Set.of(Role.ADMIN_NAME)) && asOperator != 403) {
                wrong.add("operator: " + e + " answered " + asOperator);
            }
            if (!e.roles().contains(Role.VIEWER_NAME) && !e.roles().contains(Role.OPERATOR_NAME)
                    && asOperator != 403) {
                wrong.add("operator on an admin endpoint: " + e + " answered " + asOperator);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void anUndeclaredEndpointIsRefusedToEveryoneAdminIncluded() {
        given().get("/api/v1/test-undeclared").then().statusCode(403);
        given().auth().none().get("/api/v1/test-undeclared").then().statusCode(401);
    }

    @Test
    void theRawRoutesAndQuarkusPagesAreClosedButTheDeviceFacesAndProbesAreOpen() {
        tokens();
        assertEquals("/console/login.html", given().auth().none().redirects().follow(false).get("/console")
                .then().statusCode(302).extract().header("Location"), "the console sends a stranger to sign in");
        for (String path : List.of("/q/metrics", "/q/openapi", "/q/health", "/q/dev-ui",
                "/nothing-here", "/api/v1")) {
            int s = given().auth().none().get(path).statusCode();
            assertTrue(s == 401, path + " answered " + s + " to an anonymous caller");
        }
        assertEquals(401, given().auth().none().contentType("application/octet-stream").body(new byte[] {1})
                .put("/api/v1/images/p1/data").statusCode(), "the streamed upload (a Vert.x route)");
        assertEquals(403, given().auth().none().header("Authorization", "Bearer " + viewerToken)
                .contentType("application/octet-stream").body(new byte[] {1}).put("/api/v1/images/p1/data")
                .statusCode(), "a viewer may not upload");
        given().auth().none().get("/q/health/live").then().statusCode(200);
        given().auth().none().get("/q/health/ready").then().statusCode(200);
        assertTrue(Arrays.asList(400, 415).contains(given().auth().none().contentType("application/vnd.syncml.dm+xml")
                .body("<SyncML/>").post("/dm").statusCode()), "/dm is open to devices (DM authentication)");
        assertEquals(404, given().auth().none().get("/images/" + "0".repeat(64)).statusCode(),
                "/images is open to the allowed addresses");
        given().auth().none().header("Authorization", "Bearer " + viewerToken).get("/q/metrics").then()
                .statusCode(200);
    }
}
