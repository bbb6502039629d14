package io.omadm.gateway.northbound;

import io.omadm.gateway.syncml.codec.Encoding;
import java.util.List;
import java.util.Optional;

/** The gateway's DM accounts with its servers, as its sessions need them (./DMAcc, kept by {@code mo.DmAccounts}). */
public interface ServerAccounts {

    /** The servers the gateway has an account with, in the tree's order. */
    List<String> serverIds();

    /** The account with one server, for sessions in this encoding. */
    Optional<DmAccount> account(String serverId, Encoding encoding);

    /** The nonces both sides use with one server, kept with its account. */
    NonceKeeper nonces(String serverId);
}
