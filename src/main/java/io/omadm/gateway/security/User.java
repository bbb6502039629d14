package io.omadm.gateway.security;

/** A person who signs in to the operator API or console: a name, a bcrypt password hash, a role. */
public record User(String name, String passwordHash, Role role, long created, boolean disabled) {
}
