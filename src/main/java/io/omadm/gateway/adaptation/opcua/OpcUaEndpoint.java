package io.omadm.gateway.adaptation.opcua;

import io.omadm.gateway.adaptation.AddressOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An OPC UA server as a point's address names it: {@code opc.tcp://host:port[/path]} and options,
 * {@code ?security-policy=best|None|Basic256Sha256|Aes128_Sha256_RsaOaep|Aes256_Sha256_RsaPss}
 * {@code &security-mode=best|None|Sign|SignAndEncrypt&identity=<name>}. {@code best} (the default) takes the most
 * secure endpoint the server offers for the identity; the identity is one of gateway.opcua.identities (user name and
 * password, or an X.509 certificate), anonymous when none is named. {@code &sampling=500ms}: the variables read through
 * this address are monitored items of a subscription sampled at that interval, and a Get answers their latest value
 * while the subscription is healthy. Addresses that differ only in sampling share a session ({@link #session}).
 */
record OpcUaEndpoint(String url, String policy, String mode, String identity, Duration sampling) {

    static final String BEST = "best";
    static final List<String> POLICIES = List.of(BEST, "None", "Basic256Sha256", "Aes128_Sha256_RsaOaep",
            "Aes256_Sha256_RsaPss");
    static final List<String> MODES = List.of(BEST, "None", "Sign", "SignAndEncrypt");
    private static final Set<String> OPTIONS = Set.of("security-policy", "security-mode", "identity", "sampling");

    static OpcUaEndpoint parse(String address) {
        AddressOptions a = AddressOptions.parse(address);
        if (!a.base().matches("opc\\.tcp://[^/?|\\s]+:[0-9]{1,5}(/[^?|\\s]*)?")) {
            throw new IllegalArgumentException("'" + a.base()
                    + "' is not an OPC UA endpoint URL (opc.tcp://host:port)");
        }
        Map<String, String> o = a.options();
        for (String option : o.keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("'" + option + "' in '" + address + "' is not an option of an OPC UA"
                        + " endpoint: identity, sampling, security-mode, security-policy");
            }
        }
        String policy = o.getOrDefault("security-policy", BEST);
        String mode = o.getOrDefault("security-mode", BEST);
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("security-policy '" + policy + "' in '" + address + "' is not one of "
                    + POLICIES);
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("security-mode '" + mode + "' in '" + address + "' is not one of "
                    + MODES);
        }
        if (policy.equals("None") != mode.equals("None") && !policy.equals(BEST) && !mode.equals(BEST)) {
            throw new IllegalArgumentException("'" + address + "': security-policy None goes with security-mode None"
                    + " only, and a security policy with Sign or SignAndEncrypt");
        }
        Duration sampling = o.containsKey("sampling") ? AddressOptions.duration("sampling", o.get("sampling")) : null;
        return new OpcUaEndpoint(a.base(), policy, mode, o.get("identity"), sampling);
    }

    /** What makes a session: the server, the security and the identity (not the sampling). */
    String session() {
        return url + "?security-policy=" + policy + "&security-mode=" + mode + (identity == null ? ""
                : "&identity=" + identity);
    }

    static Optional<String> problem(String address) {
        if (address.contains("{")) {
            return Optional.empty();
        }
        return AddressOptions.problem(address, OpcUaEndpoint::parse);
    }
}
