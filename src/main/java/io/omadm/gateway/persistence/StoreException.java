package io.omadm.gateway.persistence;

/** The database refused a read or write; the operation did not happen (DM status 510, data store failure). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
