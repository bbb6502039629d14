package io.omadm.gateway.southbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The accounts of the proxy-mode devices: how each authenticates to the gateway and the gateway to it, and the nonces
 * both sides use next. The contract: one account per device, replaced whole by {@link #save}; nonces change on their
 * own ({@link #nonces}), also inside the transaction that stores a session's answers, so that a nonce handed out in
 * an answer is stored if and only if the answer is; an account goes with its device ({@link #delete}).
 */
public interface DeviceAccounts {

    Optional<DeviceAccount> find(String devId);

    /** The account, or the defaults when none is stored. */
    DeviceAccount of(String devId);

    /** Creates or replaces the whole account (bootstrap, the operator). */
    void save(DeviceAccount a);

    /** The device left the inventory: its secrets go with it. */
    void delete(String devId);

    /** The nonces both sides use next, as the account holds them now. */
    void nonces(DeviceAccount a);

    /** {@link #nonces(DeviceAccount)} on the caller's connection, in its transaction. */
    void nonces(Connection c, DeviceAccount a) throws SQLException;
}
