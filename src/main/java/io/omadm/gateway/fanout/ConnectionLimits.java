package io.omadm.gateway.fanout;

import io.omadm.gateway.inventory.DeviceRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many fanout commands may be in flight on one southbound connection, so that a job over a thousand devices does
 * not flood the one PLC, OPC UA server or broker they sit behind. A device's connection is its protocol's: the
 * site's broker for MQTT (one for all devices), the device's address (host:port, endpoint URL) otherwise.
 */
public final class ConnectionLimits {

    private final int perConnection;
    private final int perBroker;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    /** @param perBroker for the MQTT broker, which carries every MQTT device's exchanges and takes many at once */
    public ConnectionLimits(int perConnection, int perBroker) {
        this.perConnection = Math.max(1, perConnection);
        this.perBroker = Math.max(1, perBroker);
    }

    public static String key(DeviceRecord d) {
        String protocol = d.protocol() == null ? "" : d.protocol();
        return protocol.equals("mqtt") ? "mqtt" : protocol + "|" + (d.address() == null ? d.devId() : d.address());
    }

    /** Waits for a slot on the connection; false when none came within the time. */
    public boolean acquire(String connKey, long waitMillis) throws InterruptedException {
        return slots.computeIfAbsent(connKey, k -> new Semaphore(k.equals("mqtt") ? perBroker : perConnection, true))
                .tryAcquire(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
    }

    public void release(String connKey) {
        slots.get(connKey).release();
    }
}
