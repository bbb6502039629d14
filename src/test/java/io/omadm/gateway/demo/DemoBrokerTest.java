package io.omadm.gateway.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoBrokerTest {

    @Test
    void topicFiltersMatchAsMqttSays() {
        assertTrue(DemoBroker.matches("plant/s-1/+/+", "plant/s-1/setpoint/get"));
        assertFalse(DemoBroker.matches("plant/s-1/+/+", "plant/s-1/temperature"));
        assertTrue(DemoBroker.matches("gwmo/announce/+", "gwmo/announce/s-1"));
        assertFalse(DemoBroker.matches("gwmo/announce/+", "gwmo/announce/s-1/x"));
        assertTrue(DemoBroker.matches("plant/#", "plant"), "# also matches the parent level");
        assertTrue(DemoBroker.matches("plant/#", "plant/a/b/c"));
        assertTrue(DemoBroker.matches("a/b", "a/b"));
        assertFalse(DemoBroker.matches("a/b", "a/b/c"));
        assertFalse(DemoBroker.matches("a/+", "b/c"));
    }
}
