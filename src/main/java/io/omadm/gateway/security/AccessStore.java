package io.omadm.gateway.security;

import java.util.List;
import java.util.Optional;

/**
 * The users and API tokens of the operator API. The contract: user names and token ids are unique (a second create
 * is refused, nothing is overwritten); passwords are stored only as bcrypt hashes and tokens only as the SHA-256 of
 * their secret, so nothing the store holds lets anyone sign in; a revoked token stays listed (for the audit) and is
 * never valid again; the last admin cannot be removed or lose the role.
 */
public interface AccessStore {

    Optional<User> user(String name);

    List<User> users();

    int userCount();

    /** False when the name is taken. */
    boolean createUser(String name, String passwordHash, Role role, long now);

    boolean setPassword(String name, String passwordHash);

    /** False when the user does not exist, or would be the last admin to lose the role. */
    boolean setRole(String name, Role role);

    /** False when the user does not exist or is the last admin. */
    boolean deleteUser(String name);

    /** False when the id is taken. */
    boolean createToken(ApiToken token);

    Optional<ApiToken> tokenByHash(String hash);

    List<ApiToken> tokens();

    /** False when there is no such token or it was revoked already. */
    boolean revokeToken(String id);
}
