package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The gateway as DM server for OMA DM devices behind it, POST /dm (proxy mode). A device's Package 1 registers it in
 * the inventory with its DevInfo (B.9: an unknown device becomes a proxy-mode record; HLF-003 by the device itself),
 * marks it attached, and is answered with Status for each command and a RespURI. The answer goes back in the encoding
 * and under the media type the device used (libdmclient sends the data-sync types).
 * <p>Security, both ways ({@link DeviceAuth}): a device the gateway holds credentials for must prove itself (basic or
 * MD5 once per session, HMAC on every message), and the gateway proves itself to a device whose DMAcc holds its
 * SRVCRED (Cred in the header, or the x-syncml-hmac header). What a device sends the gateway does not count while it
 * refuses the gateway's credentials; after {@link #MAX_REFUSALS} refusals in a session the gateway gives up on it.
 * <p>Commands the server or the operator queued for the device (B.3 relay, {@link ProxyQueue}) go out in the
 * gateway's answer (Package 2/4), a few per message; the device's Status and Results for them (Package 3) are stored as
 * they come, and the session goes on until nothing is left to send.
 */
public final class DeviceSessions {

    private static final Logger LOG = Logger.getLogger(DeviceSessions.class.getName());

    /** What the HTTP endpoint answers; {@code hmac}, when not null, goes in the x-syncml-hmac header. */
    public record Answer(int httpStatus, String contentType, byte[] body, String hmac) {
        static Answer text(int status, String message) {
            return new Answer(status, "text/plain", message.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    /** Queued commands that go out in one message at most. */
    static final int COMMANDS_PER_MESSAGE = 20;
    /** Times a device may refuse the gateway's credentials in one session before the gateway ends it. */
    static final int MAX_REFUSALS = 2;

    private final Inventory inventory;
    private final ProxyQueue queue;
    private final DeviceAuth auth;
    private final Consumer<ProxyCommand> answered;
    private final Clock clock;

    /**
     * A device's current session: whether it proved itself (basic and MD5 hold for the session), whether it accepted
     * the gateway, how often it refused it, and the CmdID each queued command went out with, with its queue id.
     */
    private static final class Session {
        final String id;
        final Map<String, Long> inFlight = new HashMap<>();
        boolean authenticated;
        boolean acceptedGateway;
        int refusals;

        Session(String id) {
            this.id = id;
        }
    }

    /** By DevId. */
    private final Map<String, Session> sessions = new HashMap<>();
    private volatile Consumer<String> sessionStarted = devId -> { };
    private final SyncMLCodec codec = new SyncMLCodec();

    /** @param answered told of each command the device answered (the relay passes it on to the server) */
    public DeviceSessions(Inventory inventory, ProxyQueue queue, DeviceAccounts accounts,
            Consumer<ProxyCommand> answered, Clock clock) {
        this.inventory = inventory;
        this.queue = queue;
        this.auth = new DeviceAuth(accounts, new Nonces());
        this.answered = answered;
        this.clock = clock;
    }

    public ProxyQueue queue() {
        return queue;
    }

    public DeviceAccounts accounts() {
        return auth.accounts();
    }

    /** Told of each device that opens a session (and proved itself). */
    public void onSessionStart(Consumer<String> listener) {
        this.sessionStarted = listener;
    }

    /** Whether the device is in a session now (a wake-up would be redundant). */
    public synchronized boolean inSession(String devId) {
        return sessions.containsKey(devId);
    }

    /**
     * @param postedTo the URL the device posted to (without its query: the base of the RespURI it is given)
     * @param hmacHeader the request's x-syncml-hmac header, or null
     */
    public Answer handle(byte[] body, String contentType, String postedTo, String hmacHeader) {
        String gatewayUri = postedTo == null ? "/dm" : postedTo.split("\\?", 2)[0];
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
        return answer(in, AuthRequest.of(in, hmacHeader, body), gatewayUri, type.get());
    }

    private synchronized Answer answer(SyncMLMessage in, AuthRequest request, String gatewayUri,
            SyncMLMediaType type) {
        String devId = in.header().source().locUri();
        DeviceRecord known = inventory.find(devId).orElse(null);
        DeviceAccount account = auth.accounts().of(devId);
        Session current = sessions.get(devId);
        boolean sameSession = current != null && current.id.equals(in.header().sessionId());
        // basic and MD5 hold for the rest of the session; HMAC covers one message
        AuthDecision decision = sameSession && current.authenticated && account.authType() != AuthType.HMAC ? null
                : auth.check(known, account, request).orElse(null);
        boolean accepted = decision == null || decision.authenticated();
        List<Command> out = new ArrayList<>();
        int[] ids = {0};
        out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), "0", "SyncHdr",
                List.of(in.header().target().locUri()), List.of(devId), null, decision == null ? null : decision.chal(),
                decision == null ? StatusCode.OK.code() : decision.status(), List.of()));
        for (Command c : in.body().commands()) {
            if (c instanceof Status) {
                continue;
            }
            int code = accepted ? StatusCode.OK.code() : decision.status();
            out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), c.cmdId(), c.name(), List.of(),
                    List.of(), null, null, code, List.of()));
        }
        Cred cred = null;
        if (accepted) {
            register(devId, in);
            // one session per device at a time: a new one ends one the device dropped (its unanswered commands
            // stay queued and go out again now)
            Session session = sameSession ? current : new Session(in.header().sessionId());
            sessions.put(devId, session);
            if (!sameSession) {
                sessionStarted.accept(devId);
            }
            session.authenticated = true;
            account = hearGateway(devId, in, account, session);
            if (session.refusals > MAX_REFUSALS) {
                LOG.warning("device " + devId + " refused the gateway's credentials " + session.refusals
                        + " times: session ended; check the gateway's ServerID and secret in its DMAcc");
                session.inFlight.clear();
            } else {
                collectAnswers(devId, in, session.inFlight);
                sendQueued(devId, session.inFlight, out, ids);
            }
            if (session.inFlight.isEmpty()) {
                sessions.remove(devId); // nothing out, nothing awaited: the session may end here
            }
            cred = session.acceptedGateway ? null : auth.cred(account);
        } else {
            LOG.warning("device " + devId + " not authenticated: " + decision.reason());
        }
        SyncHdr hdr = new SyncHdr(SyncHdr.VER_DTD_1_2, in.header().verProto(), in.header().sessionId(),
                in.header().msgId(), Location.of(devId), Location.of(gatewayUri),
                gatewayUri + "?dev=" + URLEncoder.encode(devId, StandardCharsets.UTF_8) + "&s="
                        + in.header().sessionId(), false, cred, null);
        byte[] body = codec.encode(new SyncMLMessage(hdr, new SyncBody(out, true)), type.encoding());
        return new Answer(200, type.mediaType(), body, accepted ? auth.hmac(account, body) : null);
    }

    /**
     * The device's Status for the gateway's last header: the next nonce toward the device, and whether the device
     * accepted the gateway. Its answers to commands it got from a gateway it refused do not count: they go out again.
     */
    private DeviceAccount hearGateway(String devId, SyncMLMessage in, DeviceAccount account, Session session) {
        for (Command c : in.body().commands()) {
            if (c instanceof Status st && st.cmd().equals("SyncHdr")) {
                account = auth.learn(account, st);
                if (DeviceAuth.refused(st)) {
                    session.refusals++;
                    session.acceptedGateway = false;
                    session.inFlight.clear();
                    LOG.info("device " + devId + " refused the gateway's credentials (" + st.code() + ")");
                } else if (account.server().isPresent()) {
                    session.acceptedGateway = account.authType() != AuthType.HMAC;
                }
            }
        }
        return account;
    }

    /** Package 3: the device's Status (and Results, for a Get) to the commands it was sent, stored as they come. */
    private void collectAnswers(String devId, SyncMLMessage in, Map<String, Long> inFlight) {
        Map<String, byte[]> values = new HashMap<>();
        for (Command c : in.body().commands()) {
            if (c instanceof Results r && r.cmdRef() != null && !r.items().isEmpty() && r.items().get(0).data() != null) {
                values.put(r.cmdRef(), r.items().get(0).data().bytes());
            }
        }
        for (Command c : in.body().commands()) {
            if (c instanceof Status st && !st.cmd().equals("SyncHdr")) {
                Long id = inFlight.remove(st.cmdRef());
                if (id != null && queue.answer(id, st.code(), values.get(st.cmdRef()), clock.millis())) {
                    LOG.fine("device " + devId + " answered command " + id + ": " + st.code());
                    queue.find(id).ifPresent(answered);
                }
            }
        }
    }

    /** Package 2/4: the device's queued commands not yet sent in this session, a few per message. */
    private void sendQueued(String devId, Map<String, Long> inFlight, List<Command> out, int[] ids) {
        int room = COMMANDS_PER_MESSAGE - inFlight.size();
        for (ProxyCommand pc : queue.pending(devId)) {
            if (room <= 0) {
                break;
            }
            if (inFlight.containsValue(pc.id())) {
                continue; // out already, its answer not yet in
            }
            String cmdId = Integer.toString(++ids[0]);
            out.add(command(pc, cmdId));
            inFlight.put(cmdId, pc.id());
            room--;
        }
    }

    private static Command command(ProxyCommand pc, String cmdId) {
        ItemCommand.Verb verb = ItemCommand.Verb.valueOf(pc.verb().toUpperCase(Locale.ROOT));
        if (pc.data() == null) {
            return ItemCommand.of(verb, cmdId, Item.target(pc.path()));
        }
        boolean binary = "bin".equals(pc.format());
        return new ItemCommand(verb, cmdId, false, null, Meta.format(pc.format() == null ? "chr" : pc.format()),
                null, List.of(new Item(Location.of(pc.path()), null, null, binary
                        ? Data.opaque(pc.data()) : Data.text(new String(pc.data(), StandardCharsets.UTF_8)), false)));
    }

    /** Package 1: the Alert that opens a session (1200 server-initiated, 1201 client-initiated). */
    private static boolean startsSession(SyncMLMessage in) {
        return in.body().commands().stream().anyMatch(c -> c instanceof Alert a
                && (a.code() == 1200 || a.code() == 1201));
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
        if (!startsSession(in) && inventory.find(devId).isPresent()) {
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
