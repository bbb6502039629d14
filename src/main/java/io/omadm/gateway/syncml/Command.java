package io.omadm.gateway.syncml;

/** A SyncBody command. Each carries a CmdID unique within its message. */
public sealed interface Command permits Status, Results, Alert, ItemCommand, Atomic, Sequence {
    String cmdId();

    /** The element name, as a Status's Cmd names it. */
    String name();
}
