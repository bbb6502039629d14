package io.omadm.gateway.app;

import java.util.Map;
import java.util.Optional;

/**
 * The opcua adapter's security (docs/adapters/opcua.md): the gateway's application instance certificate (made under
 * {@code <data-dir>/opcua/own} at first start unless given) and the identities point addresses name
 * ({@code ?identity=<name>}).
 */
public interface OpcUaConfig {

    /** The application instance certificate (PEM; its URI must be urn:omadm-gateway:opcua-adapter); empty = made. */
    Optional<String> certificateFile();

    /** Its private key (PEM, unencrypted; readable by the gateway only). */
    Optional<String> keyFile();

    /** Identities by name: a user name and password, or a certificate and key. */
    Map<String, Identity> identities();

    interface Identity {
        /** The user name; empty for a certificate identity. */
        Optional<String> username();

        /** Its password (a secret: give it by the environment, GATEWAY_OPCUA_IDENTITIES__NAME__PASSWORD). */
        Optional<String> password();

        /** An X.509 user certificate (PEM), instead of a user name. */
        Optional<String> certificateFile();

        /** Its private key (PEM, unencrypted). */
        Optional<String> keyFile();
    }
}
