package io.omadm.gateway.southbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The accounts of the proxy-mode devices: how each authenticates to the gateway and the gateway to it, and the nonces
 * both sides use next. The contract: one account per device, replaced whole by {@link #save}; an account goes with its
 * device ({@link #delete}).
 * <p>The two nonces are kept differently. The device's next nonce toward the gateway (the client nonce, which the
 * gateway hands out) is kept in memory only ({@link #clientNonce}) and forgotten at a restart: the first session after
 * one is challenged, so nothing a device sent before it can be replayed, and handing out a nonce costs no disk write.
 * The nonce the device gave the gateway (the server nonce) is stored ({@link #storeServerNonce}), also inside the
 * transaction that stores a session's answers: the gateway's credentials and wake-ups keep working across a restart.
 */
public interface DeviceAccounts {

    Optional<DeviceAccount> find(String devId);

    /** The account, or the defaults when none is stored. */
    DeviceAccount of(String devId);

    /** Creates or replaces the whole account (bootstrap, the operator). */
    void save(DeviceAccount a);

    /** The device left the inventory: its secrets go with it. */
    void delete(String devId);

    /** The nonce the device must use next (nothing before it holds); null: none, the device is challenged. */
    void clientNonce(String devId, byte[] nonce);

    /** Stores the server nonce as the account holds it now (the client nonce stays as {@link #clientNonce} set it). */
    void storeServerNonce(DeviceAccount a);

    /** {@link #storeServerNonce(DeviceAccount)} on the caller's connection, in its transaction. */
    void storeServerNonce(Connection c, DeviceAccount a) throws SQLException;
}
