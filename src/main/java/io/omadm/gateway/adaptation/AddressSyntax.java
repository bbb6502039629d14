package io.omadm.gateway.adaptation;

import java.util.Optional;

/**
 * The address format of one protocol's points, so that a device profile with an address its adapter cannot use is
 * refused when the file is loaded rather than when the DM server first touches the point.
 */
public interface AddressSyntax {

    /** The protocol name of the profiles this syntax applies to. */
    String protocol();

    /**
     * What is wrong with a point's address as the profile writes it ({@code {address}} and {@code {devId}} not yet
     * replaced), or empty when the adapter can use it.
     */
    Optional<String> problem(String address);
}
