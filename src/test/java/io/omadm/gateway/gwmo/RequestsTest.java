package io.omadm.gateway.gwmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory entries under EDTrigger and Bootstrap: 418 for a name taken, 420 beyond the bound, 404 to delete. */
class RequestsTest {

    @Test
    void entriesAreBoundedAndNamedOnce() {
        Requests<StringBuilder> r = new Requests<>(2, "things");
        assertEquals(200, r.add("a", StringBuilder::new).status());
        assertEquals(418, r.add("a", StringBuilder::new).status());
        assertEquals(200, r.add("b", StringBuilder::new).status());
        assertEquals(420, r.add("c", StringBuilder::new).status());
        assertTrue(r.add("c", StringBuilder::new).reason().contains("2 things at most"));
        assertEquals(200, r.delete("a").status());
        assertEquals(404, r.delete("a").status());
        assertEquals(200, r.add("c", StringBuilder::new).status(), "room again");
        assertEquals(List.of("b", "c"), r.names().stream().sorted().toList());
    }

    @Test
    void operationsPathsAreRecognised() {
        assertTrue(Requests.isOperations(List.of("t1", "Operations"), "Send"));
        assertTrue(Requests.isOperations(List.of("t1", "Operations", "Send"), "Send"));
        assertFalse(Requests.isOperations(List.of("t1", "Operations", "Start"), "Send"));
        assertFalse(Requests.isOperations(List.of("t1", "DevId"), "Send"));
        assertFalse(Requests.isOperations(List.of("t1"), "Send"));
    }
}
