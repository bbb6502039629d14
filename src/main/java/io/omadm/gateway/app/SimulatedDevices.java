package io.omadm.gateway.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Message;

/**
 * Devices that exist only in memory, behind the {@code sim} adapter route: for trying adaptation mode without
 * equipment, and for tests of the dispatch itself. An address holds a value (Get reads it, "0" until set; Replace
 * writes it); Exec on an address counts how often it ran (readable at its address + "#execs"). An address containing
 * "unreachable" fails, one containing "slow" answers after 5 s.
 */
@ApplicationScoped
@Named("simulatedDevices")
public class SimulatedDevices {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    public void handle(Message m) throws Exception {
        String address = m.getHeader("DmAddress", String.class);
        String command = m.getHeader("DmCommand", String.class);
        if (address.contains("unreachable")) {
            throw new IOException("connection refused by simulated device at " + address);
        }
        if (address.contains("slow")) {
            Thread.sleep(5000);
        }
        switch (command) {
            case "Get" -> m.setBody(values.getOrDefault(address, "0").getBytes(StandardCharsets.UTF_8));
            case "Replace" -> values.put(address, new String(m.getBody(byte[].class), StandardCharsets.UTF_8));
            case "Exec" -> values.merge(address + "#execs", "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
            default -> {
                m.setHeader("DmStatus", 405);
                return;
            }
        }
        m.setHeader("DmStatus", 200);
    }

    public String value(String address) {
        return values.get(address);
    }
}
