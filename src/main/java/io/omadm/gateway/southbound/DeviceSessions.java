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
import io.omadm.gateway.syncml.AlertCode;
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
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final DeviceAccounts accounts;
    private final DeviceAuth auth = new DeviceAuth(new Nonces());
    private final AccountDiscovery discovery;
    private final Consumer<ProxyCommand> answered;
    private final Clock clock;

    /**
     * A device's current session: whether it proved itself (basic and MD5 hold for the session), whether it accepted
     * the gateway, how often it refused it, and the CmdID each queued command went out with, with its queue id.
     */
    private static final class Session {
        final String id;
        /** By the CmdID it went out with. */
        final Map<String, ProxyCommand> inFlight = new HashMap<>();
        /** A Get whose value comes as a large object: by CmdID, the chunks so far and the device's status. */
        final Map<String, Incoming> incoming = new HashMap<>();
        /** A command whose data goes out as a large object: bytes the device took so far, by command id. */
        final Map<Long, Integer> sentBytes = new HashMap<>();
        /** The size of the chunk each large-object command went out with, by CmdID. */
        final Map<String, Integer> chunks = new HashMap<>();
        /** The device's MaxMsgSize (Package 1), or 0 when it named none. */
        long maxMsgSize;
        /** Read at the session's start, kept current as nonces change. */
        DeviceAccount account;
        /** The nonces last stored. */
        byte[] storedClientNonce;
        byte[] storedServerNonce;
        boolean authenticated;
        boolean acceptedGateway;
        int refusals;

        Session(String id, DeviceAccount fromStore) {
            this.id = id;
            this.account = fromStore;
            stored(fromStore);
        }

        void stored(DeviceAccount a) {
            storedClientNonce = a.clientNonce();
            storedServerNonce = a.serverNonce();
        }

        boolean noncesChanged() {
            return account.clientNonce() != storedClientNonce || account.serverNonce() != storedServerNonce;
        }
    }

    /** A value arriving in chunks (a Results item with MoreData), for the command that asked for it. */
    private static final class Incoming {
        final ProxyCommand command;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Long declaredSize;
        Integer status;

        Incoming(ProxyCommand command) {
            this.command = command;
        }
    }

    /** The most a large object from a device may hold: beyond, the command ends with 413. */
    static final int MAX_INCOMING_OBJECT = 16 * 1024 * 1024;
    /** What a message needs beside a chunk: header, status, command and item markup. */
    static final int MESSAGE_OVERHEAD = 1024;

    /** By DevId. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** A device's messages are handled one at a time; different devices' at once (locks striped by DevId). */
    private final Object[] locks = new Object[256];
    private volatile Consumer<String> sessionStarted = devId -> { };
    private final SyncMLCodec codec = new SyncMLCodec();

    /** @param answered told of each command the device answered (the relay passes it on to the server) */
    public DeviceSessions(Inventory inventory, ProxyQueue queue, DeviceAccounts accounts,
            Consumer<ProxyCommand> answered, Clock clock) {
        this.inventory = inventory;
        this.queue = queue;
        this.accounts = accounts;
        this.discovery = new AccountDiscovery(inventory, queue, clock);
        this.answered = answered;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public ProxyQueue queue() {
        return queue;
    }

    public DeviceAccounts accounts() {
        return accounts;
    }

    /** Told of each device that opens a session (and proved itself). */
    public void onSessionStart(Consumer<String> listener) {
        this.sessionStarted = listener;
    }

    /** Devices in a session now. */
    public int sessionsOpen() {
        return sessions.size();
    }

    /** Whether the device is in a session now (a wake-up would be redundant). */
    public boolean inSession(String devId) {
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
        String devId = in.header().source() == null ? null : in.header().source().locUri();
        if (devId == null || devId.isBlank()) {
            LOG.warning("POST /dm: a message without a Source LocURI (the device's DevId)");
            return Answer.text(400, "the SyncHdr names no Source LocURI: the device's DevId is required");
        }
        synchronized (locks[Math.floorMod(devId.hashCode(), locks.length)]) {
            return answer(devId, in, AuthRequest.of(in, hmacHeader, body), gatewayUri, type.get());
        }
    }

    private Answer answer(String devId, SyncMLMessage in, AuthRequest request, String gatewayUri,
            SyncMLMediaType type) {
        Session current = sessions.get(devId);
        boolean sameSession = current != null && current.id.equals(in.header().sessionId());
        DeviceAccount stored = sameSession ? null : accounts.of(devId);
        DeviceAccount account = sameSession ? current.account : stored;
        // basic and MD5 hold for the rest of the session; HMAC covers one message
        boolean check = !(sameSession && current.authenticated && account.authType() != AuthType.HMAC);
        boolean opening = !sameSession || startsSession(in);
        DeviceRecord known = check || opening ? inventory.find(devId).orElse(null) : null;
        AuthDecision decision = check ? auth.check(known, account, request).orElse(null) : null;
        if (decision != null && decision.nextNonce() != null) {
            account = account.withClientNonce(decision.nextNonce());
        }
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
            int code = !accepted ? decision.status() : c instanceof Results r && r.items().stream()
                    .anyMatch(Item::moreData) ? StatusCode.CHUNKED_ITEM_ACCEPTED.code() : StatusCode.OK.code();
            out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), c.cmdId(), c.name(), List.of(),
                    List.of(), null, null, code, List.of()));
        }
        Cred cred = null;
        if (accepted) {
            if (opening) {
                register(devId, known, in);
            } else {
                inventory.alive(devId);
            }
            // one session per device at a time: a new one ends one the device dropped (its unanswered commands
            // stay queued and go out again now)
            Session session = sameSession ? current : new Session(in.header().sessionId(), stored);
            sessions.put(devId, session);
            if (!sameSession) {
                sessionStarted.accept(devId);
            }
            session.authenticated = true;
            account = hearGateway(devId, in, account, session);
            session.account = account;
            if (session.refusals > MAX_REFUSALS) {
                LOG.warning("device " + devId + " refused the gateway's credentials " + session.refusals
                        + " times: session ended; check the gateway's ServerID and secret in its DMAcc");
                session.inFlight.clear();
            } else {
                // nonces that changed since last stored go with the device's answers, in one commit; a nonce the
                // device just gave the gateway is stored at once even when no answer comes with it
                if (!sameSession) {
                    session.maxMsgSize = maxMsgSize(in);
                }
                if (collectAnswers(devId, in, session, session.noncesChanged() ? account : null,
                        account.serverNonce() != session.storedServerNonce)) {
                    session.stored(account);
                }
                if (in.body().isFinal()) {
                    sendQueued(devId, session, out, ids);
                } else {
                    // the device's package goes on in its next message: ask for it, send nothing new meanwhile
                    out.add(Alert.of(Integer.toString(++ids[0]), AlertCode.NEXT_MESSAGE.code()));
                }
            }
            boolean ends = session.inFlight.isEmpty() && session.incoming.isEmpty() && in.body().isFinal();
            if (ends) {
                sessions.remove(devId); // nothing out, nothing awaited: the session may end here
            }
            // the device's next nonce waits for the session's next message while the session goes on: a gateway
            // that stops mid-session costs the device one challenge
            if (ends && session.noncesChanged()) {
                accounts.nonces(account);
                session.stored(account);
            }
            cred = session.acceptedGateway ? null : auth.cred(account);
        } else {
            LOG.warning("device " + devId + " not authenticated: " + decision.reason());
            if (decision.nextNonce() != null) {
                accounts.nonces(account); // the device tries again with it, maybe in a new session
                if (sameSession) {
                    current.account = account;
                    current.stored(account);
                }
            }
        }
        SyncHdr hdr = new SyncHdr(SyncHdr.VER_DTD_1_2, in.header().verProto(), in.header().sessionId(),
                in.header().msgId(), Location.of(devId), Location.of(gatewayUri),
                gatewayUri + "?dev=" + URLEncoder.encode(devId, StandardCharsets.UTF_8) + "&s="
                        + in.header().sessionId(), false, cred, null);
        // a large object's chunk with more to come leaves the package open: the device asks for the next message
        boolean more = out.stream().anyMatch(c -> c instanceof ItemCommand ic && ic.items().stream()
                .anyMatch(Item::moreData));
        byte[] body = codec.encode(new SyncMLMessage(hdr, new SyncBody(out, !more)), type.encoding());
        return new Answer(200, type.mediaType(), body, accepted ? auth.hmac(account, body) : null);
    }

    /**
     * The device's Status for the gateway's last header: the next nonce toward the device, and whether the device
     * accepted the gateway. Its answers to commands it got from a gateway it refused do not count: they go out again.
     */
    private DeviceAccount hearGateway(String devId, SyncMLMessage in, DeviceAccount account, Session session) {
        for (Command c : in.body().commands()) {
            if (c instanceof Status st && st.cmd().equals("SyncHdr")) {
                account = DeviceAuth.learn(account, st);
                if (DeviceAuth.refused(st)) {
                    session.refusals++;
                    session.acceptedGateway = false;
                    session.inFlight.clear();
                    session.chunks.clear();
                    LOG.info("device " + devId + " refused the gateway's credentials (" + st.code() + ")");
                } else if (account.server().isPresent()) {
                    session.acceptedGateway = account.authType() != AuthType.HMAC;
                }
            }
        }
        return account;
    }

    /**
     * Package 3: the device's Status (and Results, for a Get) to the commands it was sent, stored together, with the
     * account's nonces when {@code nonces} is not null. A value that comes as a large object is gathered over the
     * messages that carry it, and stored with the device's status once its last chunk is in; a chunk of the gateway's
     * own large object that the device took (213) sends the next one.
     * @param learned the device just gave the gateway a nonce: {@code nonces} are stored even with no answer to go
     *     with them
     * @return whether {@code nonces} were stored
     */
    private boolean collectAnswers(String devId, SyncMLMessage in, Session session, DeviceAccount nonces,
            boolean learned) {
        Map<String, byte[]> values = new HashMap<>();
        for (Command c : in.body().commands()) {
            if (c instanceof Results r && r.cmdRef() != null && !r.items().isEmpty() && r.items().get(0).data() != null) {
                Item item = r.items().get(0);
                Incoming partial = session.incoming.get(r.cmdRef());
                if (item.moreData() || partial != null) {
                    if (partial == null) {
                        ProxyCommand asked = session.inFlight.remove(r.cmdRef());
                        if (asked == null) {
                            continue;
                        }
                        partial = new Incoming(asked);
                        partial.declaredSize = item.meta() != null ? item.meta().size()
                                : r.meta() != null ? r.meta().size() : null;
                        session.incoming.put(r.cmdRef(), partial);
                    }
                    partial.bytes.writeBytes(item.data().bytes());
                    if (!item.moreData()) {
                        values.put(r.cmdRef(), partial.bytes.toByteArray());
                    }
                } else {
                    values.put(r.cmdRef(), item.data().bytes());
                }
            }
        }
        List<ProxyQueue.Answer> answers = new ArrayList<>();
        for (Command c : in.body().commands()) {
            if (c instanceof Status st && !st.cmd().equals("SyncHdr")) {
                Incoming partial = session.incoming.get(st.cmdRef());
                if (partial != null) {
                    partial.status = st.code(); // held until the value's last chunk is in
                    continue;
                }
                ProxyCommand sent = session.inFlight.remove(st.cmdRef());
                Integer chunk = session.chunks.remove(st.cmdRef());
                if (sent == null) {
                    continue;
                }
                if (chunk != null && st.code() == StatusCode.CHUNKED_ITEM_ACCEPTED.code()) {
                    session.sentBytes.merge(sent.id(), chunk, Integer::sum); // the next chunk goes out now
                    continue;
                }
                session.sentBytes.remove(sent.id());
                answers.add(new ProxyQueue.Answer(sent.id(), st.code(), values.get(st.cmdRef())));
            }
        }
        for (var it = session.incoming.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Incoming partial = e.getValue();
            byte[] value = values.get(e.getKey());
            if (partial.bytes.size() > MAX_INCOMING_OBJECT) {
                LOG.warning("device " + devId + " sent more than " + MAX_INCOMING_OBJECT + " bytes for "
                        + partial.command.path() + ": command " + partial.command.id() + " ends with 413");
                answers.add(new ProxyQueue.Answer(partial.command.id(), StatusCode.REQUEST_ENTITY_TOO_LARGE.code(),
                        null));
                it.remove();
            } else if (value != null) {
                boolean sizeOk = partial.declaredSize == null || partial.declaredSize == value.length;
                answers.add(new ProxyQueue.Answer(partial.command.id(), sizeOk ? (partial.status != null
                        ? partial.status : StatusCode.OK.code()) : StatusCode.SIZE_MISMATCH.code(),
                        sizeOk ? value : null));
                it.remove();
            }
        }
        if (answers.isEmpty()) {
            if (learned) {
                accounts.nonces(nonces);
            }
            return learned;
        }
        for (ProxyCommand c : queue.answerAll(answers, clock.millis(), nonces == null ? c -> { }
                : c -> accounts.nonces(c, nonces))) {
            LOG.fine("device " + devId + " answered command " + c.id() + ": " + c.status());
            if (!discovery.take(c)) {
                answered.accept(c);
            }
        }
        return nonces != null;
    }

    /**
     * Package 2/4: the device's queued commands not yet sent in this session, a few per message. A command whose data
     * does not fit the device's MaxMsgSize goes as a large object, one chunk per message and alone in it.
     */
    private void sendQueued(String devId, Session session, List<Command> out, int[] ids) {
        Map<String, ProxyCommand> inFlight = session.inFlight;
        int room = COMMANDS_PER_MESSAGE - inFlight.size();
        if (room <= 0) {
            return;
        }
        Set<Long> outAlready = new HashSet<>();
        inFlight.values().forEach(c -> outAlready.add(c.id()));
        session.incoming.values().forEach(i -> outAlready.add(i.command.id()));
        int chunkLimit = session.maxMsgSize > 0 ? (int) Math.max(256, session.maxMsgSize - MESSAGE_OVERHEAD)
                : Integer.MAX_VALUE;
        for (ProxyCommand pc : queue.pending(devId)) {
            if (room <= 0) {
                break;
            }
            if (outAlready.contains(pc.id())) {
                continue; // out already, its answer not yet in
            }
            boolean large = pc.data() != null && pc.data().length > chunkLimit;
            if (large && !inFlight.isEmpty()) {
                continue; // a chunk goes alone: next message
            }
            String cmdId = Integer.toString(++ids[0]);
            if (large) {
                int offset = session.sentBytes.getOrDefault(pc.id(), 0);
                int length = chunkLength(pc, offset, chunkLimit);
                out.add(chunk(pc, cmdId, offset, length));
                session.chunks.put(cmdId, length);
                inFlight.put(cmdId, pc);
                return;
            }
            out.add(command(pc, cmdId));
            inFlight.put(cmdId, pc);
            room--;
        }
    }

    /**
     * How much of the data goes in the chunk at {@code offset}: binary data loses a quarter of the room to base64 in
     * XML; text is never cut inside a UTF-8 sequence.
     */
    private static int chunkLength(ProxyCommand pc, int offset, int limit) {
        byte[] d = pc.data();
        boolean binary = "bin".equals(pc.format());
        int length = Math.min(binary ? limit * 3 / 4 : limit, d.length - offset);
        if (!binary) {
            while (length > 1 && offset + length < d.length && (d[offset + length] & 0xC0) == 0x80) {
                length--; // the next byte continues a character: end the chunk before that character
            }
        }
        return length;
    }

    /** One chunk of a large object: Size on the first, MoreData on all but the last (spec notes §2.7). */
    private static Command chunk(ProxyCommand pc, String cmdId, int offset, int length) {
        ItemCommand.Verb verb = ItemCommand.Verb.valueOf(pc.verb().toUpperCase(Locale.ROOT));
        byte[] part = Arrays.copyOfRange(pc.data(), offset, offset + length);
        boolean more = offset + length < pc.data().length;
        Meta meta = Meta.format(pc.format() == null ? "chr" : pc.format());
        if (offset == 0) {
            meta = meta.withSize((long) pc.data().length);
        }
        boolean binary = "bin".equals(pc.format());
        return new ItemCommand(verb, cmdId, false, null, null, null, List.of(new Item(Location.of(pc.path()), null,
                meta, binary ? Data.opaque(part) : Data.text(new String(part, StandardCharsets.UTF_8)), more)));
    }

    /** The MaxMsgSize a device's first message names, or 0. */
    private static long maxMsgSize(SyncMLMessage in) {
        Meta m = in.header().meta();
        return m == null || m.maxMsgSize() == null ? 0 : m.maxMsgSize();
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

    /**
     * B.9: the DevInfo of a session's first message makes or updates the device's record, which is also a sign of
     * life. A known device whose DevInfo did not change is not written again.
     */
    private void register(String devId, DeviceRecord known, SyncMLMessage in) {
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
        DeviceRecord d = known;
        if (d == null || !same(d.man(), devInfo.get("Man")) || !same(d.model(), devInfo.get("Mod"))) {
            Inventory.Registered r = inventory.register(new Registration(devId, devInfo.get("Man"),
                    devInfo.get("Mod"), null, d == null ? Mode.PROXY : null, "omadm", null, null, null, Set.of(), null,
                    null));
            if (r.isNew()) {
                LOG.info("first contact from DM device " + devId + " (" + devInfo.get("Man") + " "
                        + devInfo.get("Mod") + ")");
            }
            d = r.device();
        }
        discovery.startOnce(d);
        inventory.alive(devId);
    }

    /** A DevInfo value the device did not send changes nothing. */
    private static boolean same(String recorded, String sent) {
        return sent == null || sent.equals(recorded);
    }
}
