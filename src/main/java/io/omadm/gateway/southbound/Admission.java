package io.omadm.gateway.southbound;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Presence;
import io.omadm.gateway.syncml.StatusCode;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether a device that opens a session on /dm may have one, before anything it says is used (docs/security.md): an
 * unknown device is handled by the registration policy (pending by default, bounded in number and rate), a pending
 * one gets nothing until it is accepted, and a device of another mode is refused (an adaptation-mode PLC has no DM
 * session: a message in its name is an impostor's). A refused message changes no record.
 */
final class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class.getName());

    /** Why a session is not held: the SyncHdr Status it is answered with, and a reason for the log. */
    record Refusal(int status, String reason) {
    }

    private final RegistrationPolicy policy;
    private final PendingLimit limit;
    private final Inventory inventory;

    Admission(RegistrationPolicy policy, int pendingMax, int pendingPerMinute, Inventory inventory, Clock clock) {
        this.policy = policy;
        this.limit = new PendingLimit(pendingMax, pendingPerMinute, clock);
        this.inventory = inventory;
        if (policy == RegistrationPolicy.OPEN) {
            LOG.warning("gateway.southbound.registration=open: any device that announces itself on /dm becomes a"
                    + " managed device. For a lab only; a plant uses pending or closed");
        }
    }

    /** Empty when the device may hold the session it opens; otherwise why not (and a pending one is recorded). */
    Optional<Refusal> check(String devId, DeviceRecord known, String man, String model) {
        if (known == null) {
            return unknown(devId, man, model);
        }
        if (known.status() == Presence.PENDING) {
            return Optional.of(new Refusal(StatusCode.OK.code(), "still pending: an operator or the DM server accepts"
                    + " it (POST /api/v1/devices/{d}/accept, or an account)"));
        }
        if (known.mode() != Mode.PROXY && policy != RegistrationPolicy.OPEN) {
            return Optional.of(new Refusal(StatusCode.FORBIDDEN.code(), "it is a " + known.mode().value()
                    + "-mode device, which has no DM session with the gateway"));
        }
        return Optional.empty();
    }

    private Optional<Refusal> unknown(String devId, String man, String model) {
        switch (policy) {
            case OPEN, CREDENTIAL:
                return Optional.empty(); // credential: it must prove the enrolment secret (Enrolment) first
            case CLOSED:
                return Optional.of(new Refusal(StatusCode.FORBIDDEN.code(), "unknown device, and registration is"
                        + " closed (gateway.southbound.registration): an operator or the DM server adds it"));
            default:
                String tooMany = limit.refusal(inventory.summary().pending());
                if (tooMany != null) {
                    return Optional.of(new Refusal(StatusCode.SERVICE_UNAVAILABLE.code(), "not recorded: " + tooMany));
                }
                inventory.registerPending(devId, man, model);
                return Optional.of(new Refusal(StatusCode.OK.code(), "recorded as pending: an operator or the DM"
                        + " server accepts it"));
        }
    }
}
