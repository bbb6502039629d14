package io.omadm.gateway.security;

/** A person who signs in to the operator API or console: a name, a bcrypt password hash, a role. */
public record User(String name, String passwordHash, Role role, long created, boolean disabled) {

    /** Names are what a person types: letters, digits, '.', '_', '-', '@', up to 64. */
    public static final String NAME_PATTERN = "[A-Za-z0-9._@-]{1,64}";
    public static final String NAME_RULE = "a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'";
}
