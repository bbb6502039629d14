package io.omadm.gateway.adaptation.link;

/**
 * A request refused at once because its device link is waiting out its reconnect backoff: the device was not asked.
 * It says when the next connection attempt may be made.
 */
public final class LinkDownException extends Exception {

    public LinkDownException(String message) {
        super(message);
    }
}
