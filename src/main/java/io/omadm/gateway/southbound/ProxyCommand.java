package io.omadm.gateway.southbound;

/**
 * A DM command queued for a proxy-mode device, and once it answered, its status and (for a Get) the value.
 *
 * @param path in the device's own tree (./...)
 * @param status null until the device answered
 * @param reportUri the server's node for this command, when its answer goes to the server as a ProxyResult alert
 */
public record ProxyCommand(long id, String devId, String verb, String path, byte[] data, String format,
        String correlator, Integer status, byte[] result, String reportUri) {

    public static final java.util.Set<String> VERBS = java.util.Set.of("Get", "Replace", "Add", "Delete", "Exec");

    public boolean answered() {
        return status != null;
    }
}
