package io.omadm.gateway.auth;

import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.SyncMLMessage;

/**
 * What a received message offers to authenticate itself: the SyncHdr Cred, the x-syncml-hmac header, the exact body
 * bytes the MAC covers, and the LocName of its Source (the user id for MD5 and HMAC).
 */
public record AuthRequest(Cred cred, String hmacHeader, byte[] body, String locName) {

    public static AuthRequest of(SyncMLMessage message, String hmacHeader, byte[] body) {
        return new AuthRequest(message.header().cred(), hmacHeader, body, message.header().source().locName());
    }
}
