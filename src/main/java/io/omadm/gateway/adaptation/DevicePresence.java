package io.omadm.gateway.adaptation;

/**
 * What an adapter tells the inventory about a device it talked to (GwMO-DI-003): it answered, or its connection is
 * lost. The inventory's {@code alive} and {@code gone}.
 */
public interface DevicePresence {

    void alive(String devId);

    void gone(String devId);

    /** For adapters run without an inventory (tests, benchmarks). */
    DevicePresence NONE = new DevicePresence() {
        @Override
        public void alive(String devId) {
        }

        @Override
        public void gone(String devId) {
        }
    };
}
