package io.omadm.gateway.adaptation;

import java.util.Optional;

/** What the running gateway offers device profiles: adapter routes, and the address formats of their protocols. */
public interface ProtocolCatalog {

    /** A {@code direct:adapter-<protocol>} route is running. */
    boolean has(String protocol);

    /** What is wrong with a point address of this protocol, when its adapter declares an address format. */
    Optional<String> addressProblem(String protocol, String address);
}
