package io.omadm.gateway.southbound;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A device's current session: whether it proved itself (basic and MD5 hold for the session), whether it accepted
 * the gateway, how often it refused it, and the CmdID each queued command went out with, with its queue id.
 */
final class ProxySession {

    final String id;
    /** By the CmdID it went out with. */
    final Map<String, ProxyCommand> inFlight = new HashMap<>();
    /** A Get whose value comes as a large object: by CmdID, the chunks so far and the device's status. */
    final Map<String, Incoming> incoming = new HashMap<>();
    /** A command whose data goes out as a large object: bytes the device took so far, by command id. */
    final Map<Long, Integer> sentBytes = new HashMap<>();
    /** The size of the chunk each large-object command went out with, by CmdID. */
    final Map<String, Integer> chunks = new HashMap<>();
    /** The queue's mark for the device at its last read ({@link ProxyQueue#queueMark}). */
    long queueMark;
    /** Every command of that read went out whole in this session: until the mark changes, there is nothing to read. */
    boolean sentAllRead;
    /** The device's MaxMsgSize (Package 1), or 0 when it named none. */
    long maxMsgSize;
    /** The largest object the device takes (its MaxObjSize; 0: not said). */
    long maxObjSize;
    /** Read at the session's start, kept current as nonces change. */
    DeviceAccount account;
    /** The server nonce last stored (the client nonce is not stored: it is kept in memory as it changes). */
    byte[] storedServerNonce;
    boolean authenticated;
    boolean acceptedGateway;
    int refusals;

    ProxySession(String id, DeviceAccount fromStore) {
        this.id = id;
        this.account = fromStore;
        stored(fromStore);
    }

    void stored(DeviceAccount a) {
        storedServerNonce = a.serverNonce();
    }

    /** What is in flight goes out again (the device refused the gateway): nothing of it is awaited any more. */
    void sendAgain() {
        inFlight.clear();
        chunks.clear();
        sentAllRead = false;
    }

    boolean serverNonceChanged() {
        return account.serverNonce() != storedServerNonce;
    }

    /** A value arriving in chunks (a Results item with MoreData), for the command that asked for it. */
    static final class Incoming {
        final ProxyCommand command;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Long declaredSize;
        Integer status;

        Incoming(ProxyCommand command) {
            this.command = command;
        }
    }
}
