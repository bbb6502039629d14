package io.omadm.gateway.transparent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotificationTargetTest {

    @Test
    void anAddressSaysHowADeviceTakesItsNotification() {
        assertEquals(new NotificationTarget("udp", "10.0.0.5", 2948, "udp://10.0.0.5:2948"),
                NotificationTarget.of("10.0.0.5").orElseThrow(), "UDP on the push port by default");
        assertEquals(3000, NotificationTarget.of("10.0.0.5:3000").orElseThrow().port());
        assertEquals("udp://plc.local:4000", NotificationTarget.of("udp://plc.local:4000").orElseThrow().url());
        NotificationTarget http = NotificationTarget.of("http://10.0.0.5:8080/dm/push?k=1").orElseThrow();
        assertEquals("http", http.transport());
        assertEquals("http://10.0.0.5:8080/dm/push?k=1", http.url(), "the URL is kept as written");
        assertEquals("https", NotificationTarget.of("https://d.example/push").orElseThrow().url().substring(0, 5));
    }

    @Test
    void anUnusableAddressIsNoTarget() {
        for (String bad : new String[] {null, "", "  ", "10.0.0.5/push", "udp://10.0.0.5:2948/x", "http:///nohost",
            "10.0.0.5:notaport"}) {
            assertTrue(NotificationTarget.of(bad).isEmpty(), String.valueOf(bad));
        }
    }
}
