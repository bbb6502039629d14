package io.omadm.gateway.transparent;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.notification.Package0Verifier;
import io.omadm.gateway.notification.RecentDigests;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Transparent mode (GwMO-TMode-001, B.1/B.2): a DM server's Package 0 for a device it cannot reach is checked and
 * passed on, byte for byte, to the device's LAN address; the device then opens its session with the server directly,
 * and the gateway stays out of it. Outcomes, as HTTP and DM status codes both: 200 delivered; 404 unknown device;
 * 405 device not in transparent mode; 400 not a notification; 401 unknown server or bad digest; 403 the same
 * notification was forwarded within the replay window; 500 no usable address or the delivery failed. Nothing is
 * forwarded unless the outcome is 200, and every refusal leaves a log line naming the device.
 */
public final class TriggerForwarder {

    private static final Logger LOG = Logger.getLogger(TriggerForwarder.class.getName());

    /** What became of one notification. */
    public record Outcome(int status, String message) {
    }

    private final Inventory inventory;
    private final Package0Verifier verifier;
    private final NotificationDelivery delivery;
    private final RecentDigests forwarded;

    public TriggerForwarder(Inventory inventory, Package0Verifier verifier, NotificationDelivery delivery,
            RecentDigests forwarded) {
        this.inventory = inventory;
        this.verifier = verifier;
        this.delivery = delivery;
        this.forwarded = forwarded;
    }

    /** @param from who sent it, for the log ("EDTrigger t1 by dm-server", "http 10.1.1.1") */
    public Outcome forward(String devId, byte[] notification, String from) {
        Optional<DeviceRecord> device = inventory.find(devId);
        if (device.isEmpty()) {
            return refused(404, devId, from, "no such device");
        }
        if (device.get().mode() != Mode.TRANSPARENT) {
            return refused(405, devId, from, "the device is in " + device.get().mode().value()
                    + " mode, not transparent");
        }
        Optional<NotificationTarget> target = NotificationTarget.of(device.get().address());
        if (target.isEmpty()) {
            return refused(500, devId, from, "its Address '" + device.get().address() + "' is not host[:port], "
                    + "udp://host:port or an http(s) URL");
        }
        Package0Verifier.Checked checked = verifier.check(notification);
        if (!checked.authentic()) {
            return refused(checked.status(), devId, from, checked.message() + "; nothing forwarded");
        }
        Optional<Instant> earlier = forwarded.repeatOf(checked.notification().digest());
        if (earlier.isPresent()) {
            return refused(403, devId, from, "the same notification was forwarded at " + earlier.get()
                    + " (a replay?); nothing forwarded");
        }
        try {
            delivery.deliver(target.get(), notification);
        } catch (Exception e) {
            forwarded.forget(checked.notification().digest()); // not delivered: a retry is no replay
            return refused(500, devId, from, "delivery to " + target.get() + " failed: " + e.getMessage());
        }
        LOG.fine(() -> "Package 0 from server '" + checked.notification().serverId() + "' forwarded to device "
                + devId + " at " + target.get());
        return new Outcome(200, "delivered to " + target.get());
    }

    private static Outcome refused(int status, String devId, String from, String why) {
        LOG.warning("Package 0 for device " + devId + " (" + from + ") refused, " + status + ": " + why);
        return new Outcome(status, why);
    }
}
