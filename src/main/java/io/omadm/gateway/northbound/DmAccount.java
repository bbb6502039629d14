package io.omadm.gateway.northbound;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.syncml.codec.Encoding;
import java.net.URI;
import java.util.Objects;

/**
 * What the gateway needs to talk to one DM server: its ServerID and address, how the gateway proves itself (CLCRED)
 * and how the server must prove itself (SRVCRED; {@code serverAuth} null when the server is not checked), and the
 * encoding to speak. It mirrors ./DMAcc/x (DM 1.2); the nonces live in {@link NonceKeeper}.
 */
public record DmAccount(
        String serverId,
        URI serverUrl,
        AuthType clientAuth,
        Secret clientSecret,
        AuthType serverAuth,
        Secret serverSecret,
        Encoding encoding) {

    public DmAccount {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(encoding, "encoding");
        if (serverAuth != null) {
            Objects.requireNonNull(serverSecret, "serverSecret");
        }
    }
}
