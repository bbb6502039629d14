package io.omadm.gateway.southbound;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.persistence.SecretColumn;
import io.omadm.gateway.persistence.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Gives a device that enrolled with the site's secret ({@link Enrolment}) credentials of its own, in its first
 * sessions, the way a DM server replaces the credentials a device was provisioned with: once {@link AccountDiscovery}
 * found the device's account for the gateway ({@code ./DMAcc/<x>} whose ServerID is the gateway's), the gateway lists
 * its {@code AppAuth} entries, reads each one's {@code AAuthLevel}, and replaces the {@code AAuthSecret} of the
 * CLCRED entry (the device's) and of the SRVCRED entry (the gateway's) with new random secrets. Each takes effect on
 * the gateway's side when the device answers its Replace with 200; until the device's own has, it keeps signing in
 * with the enrolment secret. The new secrets wait in the proxy queue sealed like every stored secret, and are opened
 * only to go out. These commands are the gateway's own: marked by their correlators, answered nowhere else.
 */
public final class AccountIssuer {

    private static final Logger LOG = Logger.getLogger(AccountIssuer.class.getName());
    static final String APPAUTH = "gateway:issue-appauth";
    static final String LEVEL = "gateway:issue-level";
    public static final String CLIENT = "gateway:issue-clcred";
    static final String SERVER = "gateway:issue-srvcred";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The new secrets waiting in the queue: sealed, and resealed when the key rotates. */
    public static final SecretColumn SECRETS = new SecretColumn("proxy_command", "id", "data", true,
            "verb = 'Replace' AND correlator IN ('" + CLIENT + "', '" + SERVER + "')");

    private final Inventory inventory;
    private final DeviceAccounts accounts;
    private final ProxyQueue queue;
    private final SecretSealer sealer;
    private final String enrolmentSecret;
    private final String gatewayServerId;
    private final Clock clock;

    /**
     * @param enrolmentSecret the site's (a device whose secret it still is gets its own)
     * @param gatewayServerId the gateway's ServerID in the devices' DMAcc
     */
    AccountIssuer(Inventory inventory, DeviceAccounts accounts, ProxyQueue queue, SecretSealer sealer,
            String enrolmentSecret, String gatewayServerId, Clock clock) {
        this.inventory = inventory;
        this.accounts = accounts;
        this.queue = queue;
        this.sealer = sealer;
        this.enrolmentSecret = enrolmentSecret;
        this.gatewayServerId = gatewayServerId;
        this.clock = clock;
    }

    /** A device that still signs in with the site's enrolment secret. */
    boolean enrolling(DeviceRecord d) {
        return d.authSecret() != null && MessageDigest.isEqual(d.authSecret().getBytes(StandardCharsets.UTF_8),
                enrolmentSecret.getBytes(StandardCharsets.UTF_8));
    }

    /** The device's account at {@code ./DMAcc/<x>} names DM server {@code serverId}: the gateway's is replaced. */
    void accountFound(String devId, String accountPath, String serverId) {
        Optional<DeviceRecord> d = inventory.find(devId);
        if (serverId.equals(gatewayServerId) && d.isPresent() && enrolling(d.get())
                && !queue.hasQueued(devId, APPAUTH)) {
            queue.enqueue(devId, "Get", accountPath + "/AppAuth", null, null, APPAUTH, clock.millis());
        }
    }

    /** What a command of the issuer carries to the device: a new secret opened at the last moment. */
    byte[] dataToSend(ProxyCommand c) {
        return "Replace".equals(c.verb()) && (CLIENT.equals(c.correlator()) || SERVER.equals(c.correlator()))
                ? sealer.open(c.data()) : c.data();
    }

    /** Takes the answer to one of its own commands; false when the command was not one of them. */
    boolean take(ProxyCommand c) {
        String correlator = c.correlator();
        String verb = CLIENT.equals(correlator) || SERVER.equals(correlator) ? "Replace" : "Get";
        if (correlator == null || !correlator.startsWith("gateway:issue-") || !verb.equals(c.verb())) {
            return false; // a server's Exec carries the server's Correlator, whatever it says: never one of these
        }
        if (c.status() != 200) {
            LOG.warning("device " + c.devId() + " answered " + c.status() + " to " + c.verb() + " " + c.path()
                    + ": it keeps the enrolment secret for now");
            return true;
        }
        switch (correlator) {
            case APPAUTH -> {
                String list = c.result() == null ? "" : new String(c.result(), StandardCharsets.UTF_8);
                for (String entry : list.split("/")) {
                    if (!entry.isBlank() && !entry.contains("..")) {
                        queue.enqueue(c.devId(), "Get", c.path() + "/" + entry.trim() + "/AAuthLevel", null, null,
                                LEVEL, clock.millis());
                    }
                }
            }
            case LEVEL -> replaceSecret(c);
            case CLIENT -> {
                String secret = sealer.open(new String(c.data(), StandardCharsets.US_ASCII));
                inventory.register(new Registration(c.devId(), null, null, null, null, null, null, null, null,
                        Set.of(), c.devId(), secret));
                LOG.info("device " + c.devId() + " took credentials of its own: the enrolment secret no longer"
                        + " signs it in");
            }
            case SERVER -> {
                String secret = sealer.open(new String(c.data(), StandardCharsets.US_ASCII));
                DeviceAccount a = accounts.of(c.devId());
                accounts.save(new DeviceAccount(c.devId(), a.authType(), gatewayServerId, secret, a.clientNonce(),
                        a.serverNonce()));
                LOG.info("device " + c.devId() + " took the gateway's new credentials");
            }
            default -> LOG.fine("device " + c.devId() + ": " + correlator + " is no command of the issuer");
        }
        return true;
    }

    /** An AAuthLevel read: the CLCRED and SRVCRED entries get new secrets, sealed until they go out. */
    private void replaceSecret(ProxyCommand c) {
        String level = c.result() == null ? "" : new String(c.result(), StandardCharsets.UTF_8).trim();
        String correlator = level.equals("CLCRED") ? CLIENT : level.equals("SRVCRED") ? SERVER : null;
        if (correlator == null || queue.hasQueued(c.devId(), correlator)) {
            return;
        }
        String entry = c.path().substring(0, c.path().length() - "/AAuthLevel".length());
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String sealed = sealer.seal(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        queue.enqueue(c.devId(), "Replace", entry + "/AAuthSecret", sealed.getBytes(StandardCharsets.US_ASCII),
                "chr", correlator, clock.millis());
    }
}
