package io.omadm.gateway.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a user or token may do on the operator API (IEC 62443-3-3 SR 1.1/2.1: identified users, role-based
 * authorization). Each role includes the ones below it: an operator may read what a viewer reads, an admin may do
 * what an operator does. The names are what {@code @RolesAllowed} declares ({@link #VIEWER_NAME}, ...).
 */
public enum Role {
    /** Reads the inventory, groups, jobs, images and health detail. */
    VIEWER,
    /** Also commands devices: tree Get/Replace/Exec, queued commands, fanouts, groups, images. */
    OPERATOR,
    /** Also users and tokens, device accounts and DM credentials, bootstrap, audit. */
    ADMIN;

    public static final String VIEWER_NAME = "viewer";
    public static final String OPERATOR_NAME = "operator";
    public static final String ADMIN_NAME = "admin";

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and those of the roles it includes. */
    public Set<String> granted() {
        return switch (this) {
            case VIEWER -> Set.of(VIEWER_NAME);
            case OPERATOR -> Set.of(VIEWER_NAME, OPERATOR_NAME);
            case ADMIN -> Set.of(VIEWER_NAME, OPERATOR_NAME, ADMIN_NAME);
        };
    }

    public static Optional<Role> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.value().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
