package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Registration policy {@code credential} (docs/security.md): a device the gateway does not know proves that it belongs
 * to the site with the site's enrolment secret (gateway.southbound.enrolment.secret), as the credentials of its DMAcc
 * for the gateway: its DevId as the name, basic or MD5. Then it is registered and issued an account of its own
 * ({@link AccountIssuer}). The nonce an unknown device is challenged with is kept in memory only (bounded, for a few
 * minutes): nothing is stored for a device that has not authenticated.
 */
final class Enrolment {

    private static final Logger LOG = Logger.getLogger(Enrolment.class.getName());
    private static final int MAX_CHALLENGES = 10_000;
    private static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

    private final String secret;
    private final Inventory inventory;
    private final DeviceAccounts accounts;
    private final Clock clock;
    private final Map<AuthType, Authenticator> authenticators = new EnumMap<>(AuthType.class);
    /** The nonce each unknown device was challenged with, and when. */
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();

    private record Challenge(byte[] nonce, long at) {
    }

    /** @throws IllegalArgumentException when the secret is too short to stand for a whole site */
    Enrolment(String secret, Inventory inventory, DeviceAccounts accounts, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("registration policy 'credential' needs gateway.southbound.enrolment"
                    + ".secret, at least 16 characters");
        }
        this.secret = secret;
        this.inventory = inventory;
        this.accounts = accounts;
        this.clock = clock;
        Nonces nonces = new Nonces();
        authenticators.put(AuthType.BASIC, new Authenticator(AuthType.BASIC, nonces));
        authenticators.put(AuthType.MD5, new Authenticator(AuthType.MD5, nonces));
    }

    String secret() {
        return secret;
    }

    /** The verdict on an unknown device's credentials against the enrolment secret (MD5 unless it sent basic). */
    AuthDecision check(String devId, AuthRequest request) {
        AuthType type = scheme(request);
        long now = clock.millis();
        Challenge given = challenges.get(devId);
        byte[] nonce = given == null || now - given.at() > CHALLENGE_LIFETIME.toMillis() ? null : given.nonce();
        AuthDecision d = authenticators.get(type).decide(request, new Secret(devId, secret), nonce);
        if (d.authenticated()) {
            challenges.remove(devId);
        } else if (d.nextNonce() != null) {
            if (challenges.size() >= MAX_CHALLENGES) {
                challenges.values().removeIf(c -> now - c.at() > CHALLENGE_LIFETIME.toMillis());
            }
            if (challenges.size() < MAX_CHALLENGES) {
                challenges.put(devId, new Challenge(d.nextNonce(), now));
            }
        }
        return d;
    }

    /**
     * A device that authenticated with the enrolment secret: registered in proxy mode, the enrolment secret as its
     * credentials until it takes its own, its account in the scheme it used with the nonce it was just given.
     */
    DeviceRecord enrol(String devId, SyncMLMessage in, AuthRequest request, byte[] nextNonce) {
        Map<String, String> info = DeviceMessages.devInfo(in);
        DeviceRecord d = inventory.register(new Registration(devId, info.get("Man"), info.get("Mod"), null,
                Mode.PROXY, "omadm", null, null, null, Set.of(), devId, secret)).device();
        accounts.save(new DeviceAccount(devId, scheme(request), null, null, nextNonce, null));
        LOG.info("device " + devId + " enrolled with the site's enrolment secret: registered in proxy mode; its own"
                + " credentials follow in its session");
        return d;
    }

    /** The scheme a device enrolled with: its account keeps it. */
    static AuthType scheme(AuthRequest request) {
        return request.cred() != null && request.cred().meta() != null
                ? AuthType.ofMetaType(request.cred().meta().type()).filter(t -> t != AuthType.HMAC).orElse(AuthType.MD5)
                : AuthType.MD5;
    }
}
