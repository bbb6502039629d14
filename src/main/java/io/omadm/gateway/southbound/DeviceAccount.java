package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The security a proxy-mode device and the gateway share (Flyway V8): the scheme both use, the gateway's ServerID and
 * SRVCRED secret in the device's DMAcc, and the nonce each side must use next. The device's own credentials (CLCRED)
 * are in its inventory record. {@code serverSecret} null: the gateway does not authenticate itself to the device and
 * cannot sign a wake-up.
 */
public record DeviceAccount(String devId, AuthType authType, String serverId, String serverSecret, byte[] clientNonce,
        byte[] serverNonce) {

    public DeviceAccount {
        Objects.requireNonNull(devId, "devId");
        Objects.requireNonNull(authType, "authType");
    }

    /** No account stored: MD5 for the device's credentials, if it has any, and nothing toward the device. */
    public static DeviceAccount defaults(String devId) {
        return new DeviceAccount(devId, AuthType.MD5, null, null, null, null);
    }

    /** The gateway's SRVCRED toward the device, when it has one. */
    public Optional<Secret> server() {
        return serverId == null || serverSecret == null ? Optional.empty()
                : Optional.of(new Secret(serverId, serverSecret));
    }

    public DeviceAccount withClientNonce(byte[] nonce) {
        return new DeviceAccount(devId, authType, serverId, serverSecret, nonce, serverNonce);
    }

    public DeviceAccount withServerNonce(byte[] nonce) {
        return new DeviceAccount(devId, authType, serverId, serverSecret, clientNonce, nonce);
    }

    @Override
    public String toString() {
        return "DeviceAccount[" + devId + ", " + authType + ", serverId=" + serverId + "]";
    }
}
