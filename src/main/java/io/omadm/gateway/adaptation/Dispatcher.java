package io.omadm.gateway.adaptation;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.TreeResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Adaptation mode (GwMO-AMode-001): a DM command on ./GwMO/DevInventory/&lt;x&gt;/Tree/&lt;path&gt; of a device
 * becomes a request to its protocol's adapter, shaped by the device's profile. An unknown path is 404, a command
 * the profile does not allow 405; an adapter that is missing, cannot reach the device or does not answer in time
 * is 500 with a log line naming the device. Values are checked against the point's format and scaled ({@link
 * PointValues}): a value the device sends that is not of the format is 500 with a log line naming device, point
 * and value.
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
            // a value of the point for Replace and Add; Exec's data is an argument, passed as it is
            body = value == null || command.equals("Exec") ? value : PointValues.toDevice(pt, value);
            if (pt.payload() != null && !command.equals("Get")) {
                body = JsonPayloads.render(pt.payload(), body, command.equals("Exec") ? "chr" : pt.format(),
                        d.devId());
            } else if (pt.request() != null && command.equals("Get")) {
                body = JsonPayloads.render(pt.request(), null, "chr", d.devId());
            }
        } catch (PointValues.InvalidValue e) {
            return TreeResult.of(StatusCode.BAD_REQUEST, path + " takes " + pt.format() + " (" + e.getMessage()
                    + "), not '" + quoted(value) + "'");
        }
        AdapterTransport.Response r;
        try {
            r = transport.send(new AdapterTransport.Request(command, d.devId(), profile.get().protocol(), path,
                    pt.addressFor(d.devId(), d.address()), pt.format(), pt.payload() == null && pt.request() == null
                    ? "text/plain" : "application/json", profile.get().name(), body));
        } catch (AdapterTransport.AdapterException e) {
            LOG.warning("device " + d.devId() + ": " + command + " " + path + " failed (" + e.kind() + "): "
                    + e.getMessage());
            return TreeResult.of(StatusCode.COMMAND_FAILED, e.kind() + ": " + e.getMessage());
        }
        if (!StatusCode.isSuccess(r.dmStatus()) || !command.equals("Get")) {
            return new TreeResult(r.dmStatus(), List.of(), null);
        }
        byte[] raw = r.body() == null ? new byte[0] : r.body();
        byte[] dmValue;
        try {
            dmValue = PointValues.fromDevice(pt, pt.json() != null ? JsonPayloads.extract(raw, pt.json())
                    : pt.regex() != null ? JsonPayloads.match(raw, pt.regex()) : raw);
        } catch (JsonPayloads.NotThere e) {
            LOG.warning("device " + d.devId() + ": point " + path + " answered '" + quoted(raw) + "': "
                    + e.getMessage());
            return TreeResult.of(StatusCode.COMMAND_FAILED, "the device's answer has " + e.getMessage()
                    .replace("not JSON", "no JSON") + (pt.json() != null ? " (the point's json is " + pt.json() + ")"
                    : " (the point's regex is " + pt.regex() + ")"));
        } catch (PointValues.InvalidValue e) {
            LOG.warning("device " + d.devId() + ": point " + path + " (" + pt.format() + ") answered '" + quoted(raw)
                    + "', not " + e.getMessage());
            return TreeResult.of(StatusCode.COMMAND_FAILED, "the device's value is not " + e.getMessage()
                    + " (the point's format is " + pt.format() + ")");
        }
        return TreeResult.ok(List.of(new TreeResult.Value(uri, "b64".equals(pt.format()) ? "bin" : pt.format(),
                "text/plain", dmValue)));
    }

    /** A value for a log line or an answer: at most 64 characters, control characters shown as '?'. */
    private static String quoted(byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8);
        s = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
