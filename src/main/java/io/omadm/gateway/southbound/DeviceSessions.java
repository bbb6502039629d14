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
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.syncml.codec.SyncMLMediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The gateway as DM server for OMA DM devices behind it, POST /dm (proxy mode). This first part handles first
 * contact (B.9): a device's Package 1 registers it in the inventory with its DevInfo (an unknown device becomes a
 * proxy-mode record; HLF-003 by the device itself), marks it attached, and is answered with Status for each command
 * and a RespURI. A device the inventory holds credentials for must authenticate with them (MD5 challenge). The
 * answer goes back in the encoding and under the media type the device used (libdmclient sends the data-sync types).
 * Queued commands for the device are the next part of proxy mode.
 */
public final class DeviceSessions {

    private static final Logger LOG = Logger.getLogger(DeviceSessions.class.getName());

    /** What the HTTP endpoint answers. */
    public record Answer(int httpStatus, String contentType, byte[] body) {
        static Answer text(int status, String message) {
            return new Answer(status, "text/plain", message.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Inventory inventory;
    private final SyncMLCodec codec = new SyncMLCodec();
    private final Authenticator md5 = new Authenticator(AuthType.MD5, new Nonces());
    /** The nonce each device must use for MD5 next (kept in memory: a lost nonce costs one challenge). */
    private final Map<String, byte[]> nonces = new HashMap<>();

    public DeviceSessions(Inventory inventory) {
        this.inventory = inventory;
    }

    /** @param gatewayUri the URL the device posted to (the base of the RespURI it is given) */
    public Answer handle(byte[] body, String contentType, String gatewayUri) {
        Optional<SyncMLMediaType> type = SyncMLMediaType.parse(contentType);
        if (type.isEmpty()) {
            return Answer.text(415, "Content-Type '" + contentType + "' is not SyncML; use one of "
                    + SyncMLMediaType.accepted());
        }
        SyncMLMessage in;
        try {
            in = codec.decode(body, type.get().encoding());
        } catch (SyncMLDecodeException e) {
            LOG.warning("POST /dm: unreadable message (" + e.getMessage() + ")");
            return Answer.text(e.httpStatus(), e.getMessage());
        }
        SyncMLMessage out = answer(in, gatewayUri);
        return new Answer(200, type.get().mediaType(), codec.encode(out, type.get().encoding()));
    }

    private synchronized SyncMLMessage answer(SyncMLMessage in, String gatewayUri) {
        String devId = in.header().source().locUri();
        Optional<DeviceRecord> known = inventory.find(devId);
        AuthDecision auth = known.filter(d -> d.authSecret() != null)
                .map(d -> md5.decide(AuthRequest.of(in, null, new byte[0]),
                        new Secret(d.authName() != null ? d.authName() : devId, d.authSecret()), nonces.get(devId)))
                .orElse(null);
        if (auth != null && auth.nextNonce() != null) {
            nonces.put(devId, auth.nextNonce());
        }
        boolean accepted = auth == null || auth.authenticated();
        List<Command> out = new ArrayList<>();
        int[] ids = {0};
        out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), "0", "SyncHdr",
                List.of(in.header().target().locUri()), List.of(devId), null, auth == null ? null : auth.chal(),
                auth == null ? StatusCode.OK.code() : auth.status(), List.of()));
        for (Command c : in.body().commands()) {
            if (c instanceof Status) {
                continue;
            }
            int code = accepted ? StatusCode.OK.code() : auth.status();
            out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), c.cmdId(), c.name(), List.of(),
                    List.of(), null, null, code, List.of()));
        }
        if (accepted) {
            register(devId, in);
        } else {
            LOG.warning("device " + devId + " not authenticated: " + auth.reason());
        }
        SyncHdr hdr = new SyncHdr(SyncHdr.VER_DTD_1_2, in.header().verProto(), in.header().sessionId(),
                in.header().msgId(), Location.of(devId), Location.of(gatewayUri),
                gatewayUri + "?dev=" + URLEncoder.encode(devId, StandardCharsets.UTF_8) + "&s="
                        + in.header().sessionId(), false, null, null);
        return new SyncMLMessage(hdr, new SyncBody(out, true));
    }

    /** B.9: the DevInfo of Package 1 makes or updates the device's record; the session is a sign of life. */
    private void register(String devId, SyncMLMessage in) {
        Map<String, String> devInfo = new HashMap<>();
        for (Command c : in.body().commands()) {
            if (c instanceof ItemCommand ic && ic.verb() == ItemCommand.Verb.REPLACE) {
                for (Item item : ic.items()) {
                    if (item.source() != null && item.data() != null
                            && item.source().locUri().startsWith("./DevInfo/")) {
                        devInfo.put(item.source().locUri().substring("./DevInfo/".length()), item.data().asText());
                    }
                }
            }
        }
        boolean starts = in.body().commands().stream().anyMatch(c -> c instanceof Alert a
                && (a.code() == 1200 || a.code() == 1201));
        if (!starts && inventory.find(devId).isPresent()) {
            inventory.seen(devId);
            return;
        }
        Inventory.Registered r = inventory.register(new Registration(devId, devInfo.get("Man"), devInfo.get("Mod"),
                null, inventory.find(devId).isPresent() ? null : Mode.PROXY, "omadm", null, null, null,
                Set.of(), null, null));
        if (r.isNew()) {
            LOG.info("first contact from DM device " + devId + " (" + devInfo.get("Man") + " " + devInfo.get("Mod")
                    + ")");
        }
        inventory.seen(devId);
    }
}
