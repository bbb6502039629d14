package io.omadm.gateway.syncml.codec;

/**
 * A message cannot be written in the requested encoding, e.g. binary bytes or a control character in XML (send them
 * as b64), or an unpaired surrogate in a string.
 */
public class SyncMLEncodeException extends RuntimeException {
    public SyncMLEncodeException(String message) {
        super(message);
    }
}
