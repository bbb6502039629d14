package io.omadm.gateway.auth;

import java.util.Objects;

/**
 * One side's credentials: a user name (AAuthName, sent as LocName) and its password (AAuthSecret). toString never
 * shows the password.
 */
public record Secret(String username, String password) {
    public Secret {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Secret[username=" + username + ", password=***]";
    }
}
