package io.omadm.gateway.transparent;

/** Sends a notification's exact bytes to a device; throws when it cannot (the device's HTTP endpoint refuses). */
public interface NotificationDelivery {

    void deliver(NotificationTarget target, byte[] notification) throws Exception;
}
