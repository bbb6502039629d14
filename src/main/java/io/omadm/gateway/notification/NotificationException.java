package io.omadm.gateway.notification;

/** A Package 0 that cannot be read: too short, wrong version, a server id running past the end. */
public class NotificationException extends Exception {
    public NotificationException(String message) {
        super(message);
    }
}
