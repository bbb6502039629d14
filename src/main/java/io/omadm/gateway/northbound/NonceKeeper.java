package io.omadm.gateway.northbound;

/**
 * The two nonces of a DM account (./DMAcc/x/AppAuth/y/AAuthData): the one the server gave the gateway to build its
 * credentials with, and the one the gateway gave the server. Setters must be durable when they return: a nonce a
 * peer was told must survive a restart.
 */
public interface NonceKeeper {
    byte[] clientNonce();

    void clientNonce(byte[] nonce);

    byte[] serverNonce();

    void serverNonce(byte[] nonce);
}
