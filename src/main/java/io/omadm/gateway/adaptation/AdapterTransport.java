package io.omadm.gateway.adaptation;

/**
 * How a DM command reaches a device's adapter (DESIGN §3.4): in the gateway, a Camel exchange to
 * {@code direct:adapter-<protocol>} with the headers of {@link Request}; the adapter answers a DmStatus and a body.
 */
public interface AdapterTransport {

    /** One command for one device point; {@code body} is the value for Replace, Exec and Add. */
    record Request(String command, String devId, String protocol, String path, String address, String format,
            String type, String profile, byte[] body) {
    }

    record Response(int dmStatus, byte[] body) {
    }

    Response send(Request request) throws AdapterException;

    /** Why a command did not reach or come back from the device. */
    final class AdapterException extends Exception {
        public enum Kind { NO_ADAPTER, UNREACHABLE, TIMEOUT }

        private final Kind kind;

        public AdapterException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
