package io.omadm.gateway.adaptation.sim;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices that exist only in memory, behind the {@code sim} adapter route: for trying adaptation mode without
 * equipment, and for tests of the dispatch itself. An address holds a value (Get reads it, "0" until set; Replace
 * writes it); Exec on an address counts how often it ran (readable at its address + "#execs"). An address containing
 * "unreachable" fails, one containing "slow" answers after 5 s.
 */
public final class SimulatedDevices implements ProtocolAdapter {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public String protocol() {
        return "sim";
    }

    @Override
    public Optional<String> problem(String address) {
        return Optional.empty(); // any text names a simulated value
    }

    @Override
    public Response handle(Request r) throws Exception {
        String address = r.address();
        if (address.contains("unreachable")) {
            throw new IOException("connection refused by simulated device at " + address);
        }
        if (address.contains("slow")) {
            Thread.sleep(5000);
        }
        switch (r.command()) {
            case "Get" -> {
                return new Response(200, values.getOrDefault(address, "0").getBytes(StandardCharsets.UTF_8));
            }
            case "Replace" -> values.put(address, new String(r.body(), StandardCharsets.UTF_8));
            case "Exec" -> values.merge(address + "#execs", "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
            default -> {
                return new Response(405, null);
            }
        }
        return new Response(200, null);
    }

    public String value(String address) {
        return values.get(address);
    }

    /** A value changed at the device itself (any text: a simulated device may send what its point does not take). */
    public void set(String address, String value) {
        values.put(address, value);
    }
}
