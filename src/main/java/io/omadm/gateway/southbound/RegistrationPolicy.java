package io.omadm.gateway.southbound;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may register by announcing itself on /dm (gateway.southbound.registration, docs/security.md). Whatever the
 * policy, a message that has not authenticated as a device never changes that device's record.
 */
public enum RegistrationPolicy {
    /** An unknown device is recorded as pending, announced to the DM server, and gets nothing until accepted. */
    PENDING,
    /** Only devices created by an operator, a profile or the DM server; unknown ones are refused. */
    CLOSED,
    /**
     * An unknown device that signs in with the site's enrolment secret is registered and issued credentials of its
     * own in its first session; one that does not is refused.
     */
    CREDENTIAL,
    /** Anyone: an unknown device becomes a managed proxy-mode device at once (a lab, never a plant). */
    OPEN;

    public static Optional<RegistrationPolicy> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (RegistrationPolicy p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
