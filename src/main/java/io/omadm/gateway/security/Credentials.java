package io.omadm.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Who is calling the operator API: a user by name and password (HTTP Basic) or a machine by API token (bearer),
 * checked against the {@link AccessStore}, with failed attempts slowed down by the {@link LoginThrottle}. Secrets are
 * never logged; a refusal says which name tried, from where, and why not.
 */
public final class Credentials {

    private static final Logger LOG = Logger.getLogger(Credentials.class.getName());
    /** How long a verified password is remembered, so that bcrypt is not paid at every request. */
    private static final Duration REMEMBERED = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_PREFIX = "gwt_";

    private final AccessStore store;
    private final LoginThrottle throttle;
    private final Clock clock;
    /** SHA-256 of name, password and the stored hash, to when it was verified. */
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    public Credentials(AccessStore store, LoginThrottle throttle, Clock clock) {
        this.store = store;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Who called, and how they proved it ({@code password}, or {@code token:<id>}). */
    public record Identity(String name, Role role, String via) {
    }

    /** The outcome of a check: an identity, or a refusal (locked: try again after {@code retryAfter}). */
    public record Verdict(Optional<Identity> identity, Optional<Duration> retryAfter) {
        static Verdict refused() {
            return new Verdict(Optional.empty(), Optional.empty());
        }
    }

    /** A token as made: its record, and its secret, which is shown this once. */
    public record NewToken(ApiToken token, String secret) {
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public Verdict password(String name, char[] password, String address) {
        Optional<Duration> locked = throttle.locked(address, name);
        if (locked.isPresent()) {
            return new Verdict(Optional.empty(), locked);
        }
        Optional<User> user = store.user(name);
        String key = user.map(u -> sha256(name + "\u0000" + new String(password) + "\u0000" + u.passwordHash()))
                .orElse(null);
        Long at = key == null ? null : verified.get(key);
        boolean ok = user.isPresent() && !user.get().disabled() && (at != null
                && clock.millis() - at < REMEMBERED.toMillis() || PasswordHash.matches(user.get().passwordHash(),
                password));
        if (!ok) {
            throttle.failed(address, name);
            LOG.warning("sign-in refused for '" + printable(name) + "' from " + address
                    + (user.isEmpty() ? ": no such user" : user.get().disabled() ? ": disabled" : ": wrong password"));
            return Verdict.refused();
        }
        verified.put(key, clock.millis());
        throttle.succeeded(address, name);
        return new Verdict(Optional.of(new Identity(name, user.get().role(), "password")), Optional.empty());
    }

    public Verdict token(String secret, String address) {
        Optional<Duration> locked = throttle.locked(address, null);
        if (locked.isPresent()) {
            return new Verdict(Optional.empty(), locked);
        }
        Optional<ApiToken> t = secret == null || !secret.startsWith(TOKEN_PREFIX) ? Optional.empty()
                : store.tokenByHash(sha256(secret));
        if (t.isEmpty() || !t.get().valid(clock.millis())) {
            throttle.failed(address, null);
            LOG.warning("API token refused from " + address + (t.isEmpty() ? ": unknown" : t.get().revoked()
                    ? ": revoked (" + t.get().id() + ")" : ": expired (" + t.get().id() + ")"));
            return Verdict.refused();
        }
        return new Verdict(Optional.of(new Identity(t.get().owner(), t.get().role(), "token:" + t.get().id())),
                Optional.empty());
    }

    /** The id a token's secret carries (the secret names its token), if it is one of ours at all. */
    public static Optional<String> tokenId(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        int end = secret.indexOf('_', TOKEN_PREFIX.length());
        return end < 0 ? Optional.empty() : Optional.of(secret.substring(TOKEN_PREFIX.length(), end));
    }

    /** Makes a token; its secret is in the answer only. */
    public NewToken issue(String name, String owner, Role role, Duration validFor) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random, 0, 6);
        String secret = TOKEN_PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        long now = clock.millis();
        ApiToken t = new ApiToken(id, name, owner, role, sha256(secret), now,
                validFor == null ? null : now + validFor.toMillis(), false);
        if (!store.createToken(t)) {
            throw new IllegalStateException("token id " + id + " taken");
        }
        return new NewToken(t, secret);
    }

    /** A user name as it may appear in a log line: printable, and not longer than a name can be. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
