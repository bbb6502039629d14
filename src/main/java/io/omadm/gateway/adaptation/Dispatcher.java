package io.omadm.gateway.adaptation;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.TreeResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Adaptation mode (GwMO-AMode-001): a DM command on ./GwMO/DevInventory/&lt;x&gt;/Tree/&lt;path&gt; of a device becomes a
 * request to its protocol's adapter, shaped by the device's profile. An unknown path is 404, a command the profile
 * does not allow 405; an adapter that is missing, cannot reach the device or does not answer in time is 500 with a
 * log line naming the device. Values are scaled as the profile says (the protocol value times scale is the DM value).
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final ProfileRegistry profiles;
    private final AdapterTransport transport;

    public Dispatcher(ProfileRegistry profiles, AdapterTransport transport) {
        this.profiles = profiles;
        this.transport = transport;
    }

    public Optional<DeviceProfile> profileOf(DeviceRecord d) {
        return profiles.profile(d.profile());
    }

    /** Runs a command on a point of a device; {@code uri} names the node in the answer. */
    public TreeResult run(String command, DeviceRecord d, String path, byte[] value, String uri) {
        Optional<DeviceProfile> profile = profileOf(d);
        Optional<Point> point = profile.flatMap(p -> p.point(path));
        if (point.isEmpty()) {
            return TreeResult.of(StatusCode.NOT_FOUND, d.devId() + " has no point " + path);
        }
        Point pt = point.get();
        if (!pt.commands().contains(command)) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "profile " + profile.get().name() + " allows "
                    + pt.commands() + " on " + path + ", not " + command);
        }
        byte[] body;
        try {
            body = value == null ? null : toDevice(pt, value);
        } catch (NumberFormatException e) {
            return TreeResult.of(StatusCode.BAD_REQUEST, path + " takes " + pt.format() + ", not '"
                    + new String(value, StandardCharsets.UTF_8) + "'");
        }
        AdapterTransport.Response r;
        try {
            r = transport.send(new AdapterTransport.Request(command, d.devId(), profile.get().protocol(), path,
                    pt.addressFor(d.devId(), d.address()), pt.format(), "text/plain", profile.get().name(), body));
        } catch (AdapterTransport.AdapterException e) {
            LOG.warning("device " + d.devId() + ": " + command + " " + path + " failed (" + e.kind() + "): "
                    + e.getMessage());
            return TreeResult.of(StatusCode.COMMAND_FAILED, e.kind() + ": " + e.getMessage());
        }
        if (!StatusCode.isSuccess(r.dmStatus()) || !command.equals("Get")) {
            return new TreeResult(r.dmStatus(), List.of(), null);
        }
        byte[] dmValue;
        try {
            dmValue = fromDevice(pt, r.body() == null ? new byte[0] : r.body());
        } catch (NumberFormatException e) {
            LOG.warning("device " + d.devId() + ": " + path + " answered '" + new String(r.body(),
                    StandardCharsets.UTF_8) + "', not a " + pt.format());
            return TreeResult.of(StatusCode.COMMAND_FAILED, "the device's value is not a " + pt.format());
        }
        return TreeResult.ok(List.of(new TreeResult.Value(uri, "b64".equals(pt.format()) ? "bin" : pt.format(),
                "text/plain", dmValue)));
    }

    /** DM value to protocol value: divided by the scale. */
    static byte[] toDevice(Point p, byte[] dm) {
        if (p.scale() == null) {
            return dm;
        }
        BigDecimal v = new BigDecimal(new String(dm, StandardCharsets.UTF_8).trim())
                .divide(BigDecimal.valueOf(p.scale()), MathContext.DECIMAL64);
        return plain(v, p.format()).getBytes(StandardCharsets.UTF_8);
    }

    /** Protocol value to DM value: times the scale. */
    static byte[] fromDevice(Point p, byte[] raw) {
        if (p.scale() == null) {
            return raw;
        }
        BigDecimal v = new BigDecimal(new String(raw, StandardCharsets.UTF_8).trim())
                .multiply(BigDecimal.valueOf(p.scale()));
        return plain(v, p.format()).getBytes(StandardCharsets.UTF_8);
    }

    private static String plain(BigDecimal v, String format) {
        return "int".equals(format) ? v.setScale(0, RoundingMode.HALF_UP).toPlainString()
                : v.stripTrailingZeros().toPlainString();
    }
}
