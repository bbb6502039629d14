package io.omadm.gateway.northbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.HmacHeader;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.AlertCode;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Cred;
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
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public enum Outcome { COMPLETED, CREDENTIALS_REFUSED, SERVER_NOT_AUTHENTICATED, TRANSPORT_FAILED, ABORTED,
        PROTOCOL_ERROR }

    /** @param changes what the server's commands did to the tree: Add, Replace, Delete, Exec, Copy, in order */
    public record Result(Outcome outcome, String detail, int messagesSent, List<TreeChange> changes) {
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
    private final ServerCredentials server;

    // per-session state
    private String sessionId;
    private URI target;
    private int msgId;
    private int messagesSent;
    private boolean gatewayAccepted;
    private int challengesAnswered;
    private int serverFailures;
    private long peerMaxMsgSize = Long.MAX_VALUE;
    /** A nonce for the server, stored only when the message telling it is sent (else the server never learns it). */
    private byte[] serverNonceToTell;
    private CommandProcessor processor;
    private final List<TreeChange> changes = new ArrayList<>();
    private final MessageFitter fitter;
    private final SessionAlerts queued;

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
        this.server = new ServerCredentials(account, nonces, nonceSource);
        this.fitter = new MessageFitter(codec, account.encoding(), this::header);
        this.queued = new SessionAlerts(alerts, clock, account.serverId());
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
            return converse(Package1.of(tree, alertCode, queued.due(limits.maxAlertsPerSession())));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "DM session " + sessionId + " with " + account.serverId() + " failed", e);
            return end(Outcome.PROTOCOL_ERROR, e.toString());
        } finally {
            tree.rollback(); // anything not committed was never answered with 200
            queued.unansweredLater();
        }
    }

    private Result converse(List<Command> package1) {
        List<Command> body = package1; // what we owe the server, without the Status for its header
        boolean bodyFinal = true;
        Status headerForServer = null;
        Deque<List<Command>> pieces = new ArrayDeque<>(fitter.split(headerForServer, body, peerMaxMsgSize));
        while (true) {
            if (messagesSent >= limits.maxMessages()) {
                return end(Outcome.PROTOCOL_ERROR, "more than " + limits.maxMessages() + " messages in one session");
            }
            List<Command> piece = pieces.poll();
            boolean lastPiece = pieces.isEmpty();
            Exchange ex = send(MessageFitter.withHeaderStatus(headerForServer, piece), lastPiece && bodyFinal);
            if (ex.failure != null) {
                return failed(ex.failure);
            }
            SyncMLMessage in = ex.message;
            heard(in.header());
            // 1. whether the server is who it says it is
            AuthDecision serverDecision = checkServer(in, ex.reply);
            if (serverDecision != null && !serverDecision.authenticated() && ++serverFailures > 1) {
                sendAbort(in);
                return end(Outcome.SERVER_NOT_AUTHENTICATED, "server " + account.serverId()
                        + " failed authentication twice: " + serverDecision.reason());
            }
            headerForServer = ServerCredentials.headerStatus(in, serverDecision);
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
                pieces = new ArrayDeque<>(fitter.split(headerForServer, body, peerMaxMsgSize));
                continue;
            }
            queued.acknowledge(in);
            if (hasAlert(in, AlertCode.SESSION_ABORT)) {
                return end(Outcome.ABORTED, "the server aborted the session (1223)");
            }
            if (!lastPiece) {
                continue; // §2.7: our package goes on; the server asked for the next message (1222)
            }
            // 3. the server's commands
            List<Command> responses = respond(in, serverDecision);
            boolean serverFinal = in.body().isFinal();
            if (!serverFinal) {
                // §2.7: the server's package goes on; ask for its next message
                responses.add(Alert.of("0", AlertCode.NEXT_MESSAGE.code()));
            } else if (responses.isEmpty() && !hasAlert(in, AlertCode.NEXT_MESSAGE)) {
                return end(Outcome.COMPLETED, "session complete"); // nothing but our header Status: we are done
            }
            body = responses;
            bodyFinal = serverFinal;
            pieces = new ArrayDeque<>(fitter.split(headerForServer, body, peerMaxMsgSize));
        }
    }

    /** An exchange that failed; a server message that could not be read is told the session is over (1223). */
    private Result failed(Result failure) {
        if (failure.outcome() == Outcome.PROTOCOL_ERROR) {
            serverNonceToTell = null;
            send(List.of(Alert.of("0", AlertCode.SESSION_ABORT.code())), true); // best effort
        }
        return failure;
    }

    /** Where the server wants the next message (RespURI), and how large it may be (MaxMsgSize). */
    private void heard(SyncHdr h) {
        if (h.respUri() != null && !h.respUri().isBlank()) {
            target = URI.create(h.respUri());
        }
        if (h.meta() != null && h.meta().maxMsgSize() != null) {
            peerMaxMsgSize = h.meta().maxMsgSize();
        }
    }

    /**
     * The server's commands run on the tree, committed before the answer goes out (a 200 the server reads is on
     * disk); commands of a server that did not authenticate get its status instead.
     */
    private List<Command> respond(SyncMLMessage in, AuthDecision serverDecision) {
        List<Command> responses = new ArrayList<>();
        CommandProcessor.Responses sink = CommandProcessor.Responses.into(responses);
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
        tree.commit();
        changes.addAll(TreeChange.in(responses));
        return responses;
    }

    private static boolean hasAlert(SyncMLMessage in, AlertCode code) {
        return in.body().commands().stream().anyMatch(c -> c instanceof Alert a && a.code() == code.code());
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
                new Location(target.toString(), null), new Location(Package1.devId(tree), account.clientSecret().username()),
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
            queued.sending(c, msgId, id);
            out.add(MessageFitter.withCmdId(c, id));
        }
        return out;
    }

    // ---- Package 1 ----

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
        AuthDecision d = server.check(in, reply);
        if (d != null) {
            serverNonceToTell = d.nextNonce();
        }
        return d;
    }

    private void sendAbort(SyncMLMessage in) {
        serverNonceToTell = null; // the abort carries no challenge
        List<Command> abort = List.of(ServerCredentials.headerStatus(in, null), Alert.of("0", AlertCode.SESSION_ABORT.code()));
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
        return new Result(outcome, detail, messagesSent, List.copyOf(changes));
    }
}
