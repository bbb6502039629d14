package io.omadm.gateway.northbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.HmacHeader;
import io.omadm.gateway.auth.Nonces;
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
import io.omadm.gateway.syncml.codec.DecodeLimits;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.tree.CommandProcessor;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One DM management session of the gateway, as DM client of one server (spec notes §2.5): Package 1 (Alert 1201 or
 * 1200, DevInfo, queued Generic Alerts), then the server's packages run on the tree and answered with Status and
 * Results until the server has nothing more to say.
 *
 * <p>Both sides authenticate (§3.1): the gateway sends its credentials until the server accepts them with 212 (or
 * MACs every message with HMAC) and retries once with a new nonce when challenged; the server's credentials are
 * checked with the same {@link Authenticator} the southbound server uses. Tree changes are committed before every
 * answer, so a 200 the server reads is durable. Alerts leave the queue only on the server's 200 or 202.
 */
public final class ClientSession {

    private static final Logger LOG = Logger.getLogger(ClientSession.class.getName());
    private static final NodePath DEV_INFO = NodePath.of("./DevInfo");

    public enum Outcome { COMPLETED, CREDENTIALS_REFUSED, SERVER_NOT_AUTHENTICATED, TRANSPORT_FAILED, ABORTED,
        PROTOCOL_ERROR }

    public record Result(Outcome outcome, String detail, int messagesSent) {
        public boolean ok() {
            return outcome == Outcome.COMPLETED;
        }
    }

    /**
     * Limits the gateway announces, MaxMsgSize (what it reads) and MaxObjSize (its largest object: 1 GB, for images
     * sent as large objects, which go to disk as they arrive), and the largest object it assembles in memory for any
     * other leaf (larger ones get 413). A session ends after maxMessages messages (a server going round in circles);
     * 10,000 of 64 KB leave room for a 400 MB image in one session.
     */
    public record Limits(int maxMsgSize, long maxObjSize, int maxAlertsPerSession, int maxMessages,
            long maxObjInMemory) {
        public static final Limits DEFAULT = new Limits(64 * 1024, 1L << 30, 50, 10_000, 4L * 1024 * 1024);
    }

    private final DmAccount account;
    private final NonceKeeper nonces;
    private final DmTree tree;
    private final AlertQueue alerts;
    private final DmTransport transport;
    private final SyncMLCodec codec;
    private final Limits limits;
    private final Clock clock;
    private final Authenticator serverCheck;

    // per-session state
    private String sessionId;
    private URI target;
    private int msgId;
    private int messagesSent;
    private boolean gatewayAccepted;
    private boolean serverAccepted;
    private int challengesAnswered;
    private int serverFailures;
    private long peerMaxMsgSize = Long.MAX_VALUE;
    /** A nonce for the server, stored only when the message telling it is sent (else the server never learns it). */
    private byte[] serverNonceToTell;
    private CommandProcessor processor;
    /** The Generic Alert commands of Package 1, to the queue entries they carry. */
    private final Map<Command, Long> queuedAlerts = new IdentityHashMap<>();
    /** "msgId:cmdId" of each alert sent, to its queue entry, until the server's Status for it arrives. */
    private final Map<String, Long> awaitingStatus = new HashMap<>();
    /** Queue entries sent and not yet answered: at the end they are offered again later. */
    private final Set<Long> unanswered = new LinkedHashSet<>();

    public ClientSession(DmAccount account, NonceKeeper nonces, DmTree tree, AlertQueue alerts, DmTransport transport,
            SyncMLCodec codec, Limits limits, Clock clock, Nonces nonceSource) {
        this.account = account;
        this.nonces = nonces;
        this.tree = tree;
        this.alerts = alerts;
        this.transport = transport;
        this.codec = codec;
        this.limits = limits;
        this.clock = clock;
        this.serverCheck = account.serverAuth() == null ? null : new Authenticator(account.serverAuth(), nonceSource);
    }

    /**
     * Runs a session to its end.
     *
     * @param alertCode 1201 (client-initiated) or 1200 (after a Package 0)
     * @param sessionId upper-case hex, 1-4 digits (a Package 0's session id, or one of ours)
     */
    public Result run(int alertCode, String sessionId) {
        this.sessionId = sessionId;
        this.target = account.serverUrl();
        try {
            return converse(package1(alertCode));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "DM session " + sessionId + " with " + account.serverId() + " failed", e);
            return end(Outcome.PROTOCOL_ERROR, e.toString());
        } finally {
            tree.rollback(); // anything not committed was never answered with 200
            if (!unanswered.isEmpty()) {
                alerts.retryLater(List.copyOf(unanswered), clock.instant());
            }
        }
    }

    private Result converse(List<Command> package1) {
        List<Command> body = package1; // what we owe the server, without the Status for its header
        boolean bodyFinal = true;
        Status headerForServer = null;
        Deque<List<Command>> pieces = new ArrayDeque<>(split(headerForServer, body));
        while (true) {
            if (messagesSent >= limits.maxMessages()) {
                return end(Outcome.PROTOCOL_ERROR, "more than " + limits.maxMessages() + " messages in one session");
            }
            List<Command> piece = pieces.poll();
            boolean lastPiece = pieces.isEmpty();
            Exchange ex = send(withHeaderStatus(headerForServer, piece), lastPiece && bodyFinal);
            if (ex.failure != null) {
                if (ex.failure.outcome() == Outcome.PROTOCOL_ERROR) {
                    // the server's message could not be read: tell it the session is over (1223), best effort
                    serverNonceToTell = null;
                    send(List.of(Alert.of("0", AlertCode.SESSION_ABORT.code())), true);
                }
                return ex.failure;
            }
            SyncMLMessage in = ex.message;
            if (in.header().respUri() != null && !in.header().respUri().isBlank()) {
                target = URI.create(in.header().respUri());
            }
            if (in.header().meta() != null && in.header().meta().maxMsgSize() != null) {
                peerMaxMsgSize = in.header().meta().maxMsgSize();
            }
            // 1. whether the server is who it says it is
            AuthDecision serverDecision = checkServer(in, ex.reply);
            if (serverDecision != null && !serverDecision.authenticated() && ++serverFailures > 1) {
                sendAbort(in);
                return end(Outcome.SERVER_NOT_AUTHENTICATED, "server " + account.serverId()
                        + " failed authentication twice: " + serverDecision.reason());
            }
            headerForServer = headerStatus(in, serverDecision);
            // 2. what the server says about our credentials
            Status ourHeader = statusFor(in, "0");
            Result refused = onHeaderStatus(ourHeader);
            if (refused != null) {
                return refused;
            }
            if (ourHeader != null && isChallenge(ourHeader.code())) {
                // §3.1: the retry answers the server's header and sends Package 1 again, with new credentials
                body = package1;
                bodyFinal = true;
                pieces = new ArrayDeque<>(split(headerForServer, body));
                continue;
            }
            acknowledgeAlerts(in);
            if (hasAlert(in, AlertCode.SESSION_ABORT)) {
                return end(Outcome.ABORTED, "the server aborted the session (1223)");
            }
            if (!lastPiece) {
                continue; // §2.7: our package goes on; the server asked for the next message (1222)
            }
            // 3. the server's commands
            List<Command> responses = new ArrayList<>();
            CommandProcessor.Responses sink = sink(responses);
            for (Command c : in.body().commands()) {
                if (c instanceof Status || c instanceof Results
                        || (c instanceof Alert a && a.code() == AlertCode.NEXT_MESSAGE.code())) {
                    continue;
                }
                if (serverDecision != null && !serverDecision.authenticated()) {
                    sink.add(new Status("0", in.header().msgId(), c.cmdId(), c.name(), List.of(), List.of(),
                            null, null, serverDecision.status(), List.of()));
                    continue;
                }
                processor().process(c, in.header().msgId(), sink);
            }
            tree.commit(); // durable before the server reads our 200s
            boolean serverFinal = in.body().isFinal();
            if (!serverFinal) {
                // §2.7: the server's package goes on; ask for its next message
                responses.add(Alert.of("0", AlertCode.NEXT_MESSAGE.code()));
            } else if (responses.isEmpty() && !hasAlert(in, AlertCode.NEXT_MESSAGE)) {
                return end(Outcome.COMPLETED, "session complete"); // nothing but our header Status: we are done
            }
            body = responses;
            bodyFinal = serverFinal;
            pieces = new ArrayDeque<>(split(headerForServer, body));
        }
    }

    private static boolean hasAlert(SyncMLMessage in, AlertCode code) {
        return in.body().commands().stream().anyMatch(c -> c instanceof Alert a && a.code() == code.code());
    }

    private static List<Command> withHeaderStatus(Status header, List<Command> piece) {
        if (header == null) {
            return piece;
        }
        List<Command> all = new ArrayList<>(piece.size() + 1);
        all.add(header);
        all.addAll(piece);
        return all;
    }

    // ---- fitting the server's MaxMsgSize (spec notes §2.7) ----

    /**
     * Cuts what we owe into messages that fit the server's MaxMsgSize: whole commands where they fit, and a value too
     * large for any message as a large object, chunk by chunk with MoreData (Meta Size on the first chunk).
     */
    private List<List<Command>> split(Status header, List<Command> body) {
        if (peerMaxMsgSize == Long.MAX_VALUE) {
            return List.of(body);
        }
        long budget = peerMaxMsgSize - SIZE_MARGIN;
        long base = encodedSize(withHeaderStatus(header, List.of()));
        List<List<Command>> out = new ArrayList<>();
        List<Command> current = new ArrayList<>();
        long used = base;
        for (Command c : spreadResults(body, header, budget - base)) {
            long size = encodedSize(withHeaderStatus(header, List.of(c))) - base;
            if (used + size > budget && !current.isEmpty()) {
                out.add(current);
                current = new ArrayList<>();
                used = base;
            }
            if (base + size > budget && c instanceof Results r && r.items().size() == 1
                    && r.items().get(0).data() != null) {
                out.addAll(fittingChunks(header, r, budget, base, size));
                continue;
            }
            current.add(c);
            used += size;
        }
        if (!current.isEmpty() || out.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static final int SIZE_MARGIN = 128;

    /** A Results too large for one message becomes one Results per item, each answering the same Get. */
    private List<Command> spreadResults(List<Command> body, Status header, long room) {
        List<Command> out = new ArrayList<>(body.size());
        long base = encodedSize(withHeaderStatus(header, List.of()));
        for (Command c : body) {
            if (c instanceof Results r && r.items().size() > 1
                    && encodedSize(withHeaderStatus(header, List.of(c))) - base > room) {
                for (Item item : r.items()) {
                    out.add(new Results("0", r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(),
                            List.of(item)));
                }
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** Chunks that each fit, measured by encoding them: XML escaping can make text larger than its bytes. */
    private List<List<Command>> fittingChunks(Status header, Results r, long budget, long base, long size) {
        int room = (int) Math.max(64, budget - base - size + r.items().get(0).data().bytes().length);
        while (true) {
            List<Results> chunks = chunks(r, room);
            boolean fit = chunks.stream().allMatch(c -> encodedSize(withHeaderStatus(header, List.of(c))) <= budget);
            if (fit || room <= 64) {
                return chunks.stream().map(c -> List.<Command>of(c)).toList();
            }
            room = room * 3 / 4;
        }
    }

    /** A Results' single value in chunks of at most {@code room} bytes of data each. */
    private List<Results> chunks(Results r, int room) {
        Item item = r.items().get(0);
        byte[] all = item.data().bytes();
        boolean text = item.data() instanceof Data.Text;
        String textValue = text ? item.data().asText() : null;
        List<Results> out = new ArrayList<>();
        int roomChars = Math.max(16, room / 4); // a char is at most 4 UTF-8 bytes; keeps chunks under budget
        int pos = 0;
        int end = text ? textValue.length() : all.length;
        int step = text ? (isAscii(textValue) ? room : roomChars) : room;
        while (pos < end) {
            int next = Math.min(end, pos + step);
            if (text && next < end && Character.isHighSurrogate(textValue.charAt(next - 1))) {
                next--; // never split a surrogate pair
            }
            Data piece = text ? Data.text(textValue.substring(pos, next))
                    : Data.opaque(Arrays.copyOfRange(all, pos, next));
            Meta meta = item.meta() == null ? Meta.EMPTY : item.meta();
            meta = pos == 0 ? meta.withSize((long) all.length) : meta.withSize(null);
            out.add(new Results("0", r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(),
                    List.of(new Item(item.target(), item.source(), meta, piece, next < end))));
            pos = next;
        }
        return out;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(ch -> ch < 0x80);
    }

    private long encodedSize(List<Command> commands) {
        return codec.encode(new SyncMLMessage(header(), new SyncBody(renumberOnly(commands), true)),
                account.encoding()).length;
    }

    private static List<Command> renumberOnly(List<Command> commands) {
        List<Command> out = new ArrayList<>(commands.size());
        for (Command c : commands) {
            out.add(withCmdId(c, Integer.toString(out.size() + 1)));
        }
        return out;
    }

    // ---- sending ----

    private record Exchange(SyncMLMessage message, DmTransport.Reply reply, Result failure) {
    }

    private Exchange send(List<Command> commands, boolean isFinal) {
        if (serverNonceToTell != null) {
            nonces.serverNonce(serverNonceToTell); // durable before the server reads it in our Chal
            serverNonceToTell = null;
        }
        msgId++;
        List<Command> body = renumber(commands);
        byte[] bytes = codec.encode(new SyncMLMessage(header(), new SyncBody(body, isFinal)), account.encoding());
        if (bytes.length > peerMaxMsgSize) {
            LOG.warning("message " + msgId + " to " + account.serverId() + " has " + bytes.length
                    + " bytes, over the server's MaxMsgSize " + peerMaxMsgSize);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", account.encoding().dmMediaType());
        if (account.clientAuth() == AuthType.HMAC && nonces.clientNonce() != null) {
            headers.put(HmacHeader.NAME, CredentialFactory.hmacHeader(account.clientSecret(), nonces.clientNonce(),
                    bytes));
        }
        DmTransport.Reply reply;
        try {
            reply = transport.post(target, bytes, account.encoding().dmMediaType(), headers);
            messagesSent++;
        } catch (IOException e) {
            return new Exchange(null, null, end(Outcome.TRANSPORT_FAILED, "POST " + target + ": " + e));
        }
        if (reply.status() != 200) {
            return new Exchange(null, reply, end(Outcome.TRANSPORT_FAILED, "POST " + target + " answered HTTP "
                    + reply.status()));
        }
        try {
            return new Exchange(codec.decode(reply.body(), account.encoding(),
                    DecodeLimits.DEFAULT.withMaxMessageSize(limits.maxMsgSize())), reply, null);
        } catch (SyncMLDecodeException e) {
            return new Exchange(null, reply, end(Outcome.PROTOCOL_ERROR, "the server's message " + (msgId)
                    + " answer cannot be read: " + e.getMessage()));
        }
    }

    private SyncHdr header() {
        return new SyncHdr(SyncHdr.VER_DTD_1_2, SyncHdr.PROTO_DM_1_2, sessionId, Integer.toString(Math.max(1, msgId)),
                new Location(target.toString(), null), new Location(devId(), account.clientSecret().username()),
                null, false, gatewayCred(), msgId <= 1 || !gatewayAccepted
                        ? Meta.EMPTY.withMaxMsgSize((long) limits.maxMsgSize()).withMaxObjSize(limits.maxObjSize())
                        : null);
    }

    /** Our credentials in the SyncHdr until the server accepts them for the session (basic, MD5). */
    private Cred gatewayCred() {
        if (gatewayAccepted || account.clientAuth() == AuthType.HMAC) {
            return null;
        }
        if (account.clientAuth() == AuthType.MD5 && nonces.clientNonce() == null) {
            return null; // no nonce yet: the server will challenge and give us one
        }
        return CredentialFactory.cred(account.clientAuth(), account.clientSecret(), nonces.clientNonce());
    }

    /** Gives our commands CmdIDs 1..n in this message and notes which one carries which queued alert. */
    private List<Command> renumber(List<Command> commands) {
        List<Command> out = new ArrayList<>(commands.size());
        for (Command c : commands) {
            String id = Integer.toString(out.size() + 1);
            Long alertId = queuedAlerts.get(c);
            if (alertId != null) {
                awaitingStatus.put(msgId + ":" + id, alertId);
            }
            out.add(withCmdId(c, id));
        }
        return out;
    }

    private static Command withCmdId(Command c, String id) {
        if (c instanceof Status s) {
            return new Status(id, s.msgRef(), s.cmdRef(), s.cmd(), s.targetRefs(), s.sourceRefs(), s.cred(),
                    s.chal(), s.code(), s.items());
        }
        if (c instanceof Results r) {
            return new Results(id, r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(),
                    r.sourceRef(), r.items());
        }
        if (c instanceof Alert a) {
            return new Alert(id, a.noResp(), a.cred(), a.code(), a.correlator(), a.items());
        }
        if (c instanceof ItemCommand ic) {
            return new ItemCommand(ic.verb(), id, ic.noResp(), ic.cred(), ic.meta(),
                    ic.correlator(), ic.items());
        }
        throw new IllegalArgumentException("the gateway never sends " + c.name());
    }

    // ---- Package 1 ----

    private List<Command> package1(int alertCode) {
        List<Command> cmds = new ArrayList<>();
        cmds.add(Alert.of("0", alertCode));
        // §2.5: one Item per ./DevInfo leaf, as the tree has them
        List<Item> info = new ArrayList<>();
        for (String name : tree.childNames(DEV_INFO)) {
            tree.node(DEV_INFO.child(name)).filter(n -> !n.interior()).ifPresent(n -> info.add(new Item(null,
                    Location.of(n.path().toString()), Meta.format(n.format()).withType(n.type()),
                    Data.text(n.valueAsText()), false)));
        }
        cmds.add(new ItemCommand(ItemCommand.Verb.REPLACE, "0", false,
                null, null, null, info));
        for (AlertQueue.Queued q : alerts.due(clock.instant(), limits.maxAlertsPerSession())) {
            Alert a = GenericAlerts.toCommand(q.alert());
            queuedAlerts.put(a, q.id());
            unanswered.add(q.id());
            cmds.add(a);
        }
        return cmds;
    }

    private String devId() {
        return tree.node(DEV_INFO.child("DevId")).map(Node::valueAsText)
                .orElseThrow(() -> new IllegalStateException("the tree has no ./DevInfo/DevId"));
    }

    // ---- the server's answers ----

    /** The server's Status for a command of our last message ("0" = our SyncHdr). */
    private Status statusFor(SyncMLMessage in, String cmdRef) {
        for (Command c : in.body().commands()) {
            if (c instanceof Status s && s.cmdRef().equals(cmdRef) && s.msgRef().equals(Integer.toString(msgId))) {
                return s;
            }
        }
        return null;
    }

    private static boolean isChallenge(int code) {
        return code == StatusCode.UNAUTHORIZED.code() || code == StatusCode.AUTHENTICATION_REQUIRED.code();
    }

    /** Handles the server's verdict on our credentials; a Result ends the session. */
    private Result onHeaderStatus(Status s) {
        if (s == null) {
            return null; // some servers omit it once authenticated; nothing to learn
        }
        Nonces.nextNonce(s.chal()).ifPresent(nonces::clientNonce); // durable: the next digest needs it
        if (s.code() == StatusCode.AUTHENTICATION_ACCEPTED.code()) {
            gatewayAccepted = true;
            return null;
        }
        if (StatusCode.isSuccess(s.code())) {
            return null;
        }
        if (isChallenge(s.code())) {
            if (challengesAnswered++ == 0 && s.chal() != null) {
                LOG.info("DM server " + account.serverId() + " challenged the gateway (" + s.code()
                        + "); retrying with its new nonce");
                gatewayAccepted = false;
                return null;
            }
            return end(Outcome.CREDENTIALS_REFUSED, "DM server " + account.serverId() + " refused the gateway's "
                    + account.clientAuth().metaType() + " credentials for user '" + account.clientSecret().username()
                    + "' (" + s.code() + "); check gateway.server.username and gateway.server.password");
        }
        return end(Outcome.PROTOCOL_ERROR, "DM server " + account.serverId() + " answered " + s.code()
                + " to the gateway's message header");
    }

    /** The server's credentials, checked once per session (every message with HMAC); null when not checked. */
    private AuthDecision checkServer(SyncMLMessage in, DmTransport.Reply reply) {
        if (serverCheck == null || (serverAccepted && account.serverAuth() != AuthType.HMAC)) {
            return null;
        }
        AuthDecision d = serverCheck.decide(AuthRequest.of(in, reply.headers().get(HmacHeader.NAME), reply.body()),
                account.serverSecret(), nonces.serverNonce());
        serverNonceToTell = d.nextNonce();
        if (d.authenticated()) {
            serverAccepted = true;
        } else {
            LOG.warning("DM server " + account.serverId() + " not authenticated: " + d.reason() + " (" + d.status()
                    + ")");
        }
        return d;
    }

    private Status headerStatus(SyncMLMessage in, AuthDecision d) {
        int code = d == null ? StatusCode.OK.code() : d.status();
        Status s = new Status("0", in.header().msgId(), "0", "SyncHdr",
                List.of(in.header().target().locUri()), List.of(in.header().source().locUri()), null,
                d == null ? null : d.chal(), code, List.of());
        return s;
    }

    private void acknowledgeAlerts(SyncMLMessage in) {
        List<Long> taken = new ArrayList<>();
        List<Long> refused = new ArrayList<>();
        for (Command c : in.body().commands()) {
            if (c instanceof Status s) {
                Long id = awaitingStatus.remove(s.msgRef() + ":" + s.cmdRef());
                if (id == null) {
                    continue;
                }
                if (s.code() == StatusCode.OK.code() || s.code() == StatusCode.ACCEPTED.code()) {
                    taken.add(id);
                } else {
                    LOG.warning("DM server " + account.serverId() + " answered " + s.code() + " to Generic Alert "
                            + id + "; it stays queued");
                    refused.add(id);
                }
            }
        }
        if (!taken.isEmpty()) {
            alerts.acknowledge(taken);
            taken.forEach(unanswered::remove);
        }
        if (!refused.isEmpty()) {
            alerts.retryLater(refused, clock.instant());
            refused.forEach(unanswered::remove);
        }
    }

    private void sendAbort(SyncMLMessage in) {
        serverNonceToTell = null; // the abort carries no challenge
        List<Command> abort = List.of(headerStatus(in, null), Alert.of("0", AlertCode.SESSION_ABORT.code()));
        send(abort, true);
    }

    // ---- small parts ----

    private CommandProcessor processor() {
        if (processor == null) {
            processor = new CommandProcessor(tree, account.serverId(),
                    account.encoding() == Encoding.XML, limits.maxObjInMemory());
        }
        return processor;
    }

    /** Responses collect here; CmdIDs are given when the message is built. */
    private static CommandProcessor.Responses sink(List<Command> into) {
        return new CommandProcessor.Responses() {
            @Override
            public String nextCmdId() {
                return "0";
            }

            @Override
            public void add(Command response) {
                into.add(response);
            }
        };
    }

    private Result end(Outcome outcome, String detail) {
        if (processor != null) {
            processor.abandon(); // a large object cut off by the end of the session is dropped, not left open
        }
        if (outcome == Outcome.COMPLETED) {
            LOG.fine("DM session " + sessionId + " with " + account.serverId() + ": " + detail);
        } else {
            LOG.warning("DM session " + sessionId + " with " + account.serverId() + " ended " + outcome + ": "
                    + detail);
        }
        return new Result(outcome, detail, messagesSent);
    }
}
