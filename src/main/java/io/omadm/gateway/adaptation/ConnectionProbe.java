package io.omadm.gateway.adaptation;

/**
 * An adapter that keeps connections to its devices (Modbus TCP, OPC UA), and so can tell whether a device is there
 * without being given a DM command: its presence between commands (GwMO-DI-003).
 */
public interface ConnectionProbe {

    /** The protocol name of the profiles this adapter serves ({@code modbus}, {@code opcua}). */
    String protocol();

    /**
     * Whether the device answers now: the connection is open or can be made, and a harmless request succeeds. The
     * address is that of a point the device's profile lets Get read ({@code {address}} resolved), or the device's
     * own address when it has none. Never throws; a device in its reconnection backoff is not reachable.
     */
    boolean reachable(String pointAddress);
}
