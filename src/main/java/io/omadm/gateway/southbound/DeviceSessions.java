package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.persistence.SecretSealer;
import io.omadm.gateway.security.LoginThrottle;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.AlertCode;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.syncml.codec.SyncMLMediaType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
public final class DeviceSessions implements DeviceLockouts {

    private static final Logger LOG = Logger.getLogger(DeviceSessions.class.getName());

    /** What the HTTP endpoint answers; {@code hmac}, when not null, goes in the x-syncml-hmac header. */
    public record Answer(int httpStatus, String contentType, byte[] body, String hmac) {
        static Answer text(int status, String message) {
            return new Answer(status, "text/plain", message.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    /** Times a device may refuse the gateway's credentials in one session before the gateway ends it. */
    static final int MAX_REFUSALS = 2;

    private final Inventory inventory;
    private final ProxyQueue queue;
    private final DeviceAccounts accounts;
    private final DeviceAuth auth = new DeviceAuth(new Nonces());
    private final AccountDiscovery discovery;
    /** The {@code credential} registration policy's check of unknown devices; null under the other policies. */
    private final Enrolment enrolment;
    private final DeviceAnswers answers;
    private final OutgoingCommands outgoing;
    private final Admission admission;

    /** By DevId. */
    private final Map<String, ProxySession> sessions = new ConcurrentHashMap<>();
    /** A device's messages are handled one at a time; different devices' at once (locks striped by DevId). */
    private final Object[] locks = new Object[256];
    private volatile Consumer<String> sessionStarted = devId -> { };
    private final SyncMLCodec codec = new SyncMLCodec();

    /** Who may register on /dm by announcing itself (gateway.southbound.*). */
    /**
     * Who may register on /dm by announcing itself (gateway.southbound.*); for the {@code credential} policy the
     * site's enrolment secret, and the gateway's ServerID in the devices' DMAcc (whose credentials it replaces).
     */
    public record Registrations(RegistrationPolicy policy, int pendingMax, int pendingPerMinute,
            String enrolmentSecret, String gatewayServerId) {
    }

    /**
     * Wrong credentials a device may send before it is locked out (HTTP 429 for the lockout, logged, counted): a
     * client that loops on 401 or someone guessing a device's secret is stopped.
     */
    private final LoginThrottle authFailures;

    /** @param answered told of each command the device answered (the relay passes it on to the server) */
    public DeviceSessions(Inventory inventory, ProxyQueue queue, DeviceAccounts accounts,
            Consumer<ProxyCommand> answered, Registrations registrations, LoginThrottle authFailures,
            SecretSealer sealer, Clock clock) {
        this.inventory = inventory;
        this.authFailures = authFailures;
        this.admission = new Admission(registrations.policy(), registrations.pendingMax(),
                registrations.pendingPerMinute(), inventory, clock);
        this.queue = queue;
        this.accounts = accounts;
        this.enrolment = registrations.policy() == RegistrationPolicy.CREDENTIAL
                ? new Enrolment(registrations.enrolmentSecret(), inventory, accounts, clock) : null;
        AccountIssuer issuer = enrolment == null ? null : new AccountIssuer(inventory, accounts, queue, sealer,
                enrolment.secret(), registrations.gatewayServerId(), clock);
        this.discovery = new AccountDiscovery(inventory, queue, issuer, clock);
        this.answers = new DeviceAnswers(queue, accounts, discovery, answered, clock);
        this.outgoing = new OutgoingCommands(queue, answered, issuer == null ? ProxyCommand::data
                : issuer::dataToSend, clock);
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
        Map<String, String> info = DeviceMessages.devInfo(in);
        Optional<String> tooLong = new Registration(devId, info.get("Man"), info.get("Mod"), null, null, null, null,
                null, null, null, null, null).tooLong();
        if (tooLong.isPresent()) {
            // refused before anything is stored; the log line quotes the start of the DevId only
            LOG.warning("POST /dm from " + (devId.length() > 64 ? devId.substring(0, 64) + "..." : devId)
                    + " refused: " + tooLong.get());
            return Answer.text(400, "refused: " + tooLong.get().replace("devId", "DevId (the Source LocURI)")
                    .replace("man", "DevInfo/Man").replace("model", "DevInfo/Mod"));
        }
        Optional<Duration> locked = authFailures.locked(lockKey(devId), null);
        if (locked.isPresent()) {
            return Answer.text(429, "too many wrong credentials for this device: try again in "
                    + Math.max(1, locked.get().toSeconds()) + " s");
        }
        synchronized (locks[Math.floorMod(devId.hashCode(), locks.length)]) {
            return answer(devId, in, AuthRequest.of(in, hmacHeader, body), gatewayUri, type.get());
        }
    }

    private Answer answer(String devId, SyncMLMessage in, AuthRequest request, String gatewayUri,
            SyncMLMediaType type) {
        ProxySession current = sessions.get(devId);
        // a session's first message (MsgID 1 with the Alert that opens one) starts a new session, authenticated from
        // scratch, even when the device reuses the SessionID of one the gateway still holds (many clients do)
        boolean sameSession = current != null && current.id.equals(in.header().sessionId())
                && !(DeviceMessages.startsSession(in) && "1".equals(in.header().msgId()));
        if (current != null && !sameSession && current.serverNonceChanged()) {
            // the nonce the dropped session moved on to, not the one it began with
            accounts.storeServerNonce(current.account);
        }
        DeviceAccount stored = sameSession ? null : accounts.of(devId);
        DeviceAccount account = sameSession ? current.account : stored;
        // basic and MD5 hold for the rest of the session; HMAC covers one message
        boolean check = !(sameSession && current.authenticated && account.authType() != AuthType.HMAC);
        boolean opening = !sameSession || DeviceMessages.startsSession(in);
        DeviceRecord known = check || opening ? inventory.find(devId).orElse(null) : null;
        if (!sameSession) {
            Map<String, String> info = DeviceMessages.devInfo(in);
            Optional<Admission.Refusal> refused = admission.check(devId, known, info.get("Man"), info.get("Mod"));
            if (refused.isPresent()) {
                return refuse(devId, in, gatewayUri, type, refused.get());
            }
        }
        boolean enrolling = enrolment != null && known == null && !sameSession;
        AuthDecision decision = enrolling ? enrolment.check(devId, request)
                : check ? auth.check(known, account, request).orElse(null) : null;
        if (decision != null && decision.nextNonce() != null) {
            // from now on only the next nonce holds: a replay of this message, even in this session, is challenged
            account = account.withClientNonce(decision.nextNonce());
            accounts.clientNonce(devId, decision.nextNonce());
        }
        boolean accepted = decision == null || decision.authenticated();
        int[] ids = {0};
        List<Command> out = DeviceMessages.statuses(devId, in, decision, accepted, ids);
        Cred cred = null;
        ProxySession session = null;
        if (accepted) {
            if (enrolling) {
                known = enrolment.enrol(devId, in, request, account.clientNonce());
            }
            session = sameSession ? current : new ProxySession(in.header().sessionId(), stored);
            account = proceed(devId, in, known, opening, session, account, out, ids);
            cred = session.acceptedGateway ? null : auth.cred(account);
            if (decision != null) {
                authFailures.forget(lockKey(devId));
            }
        } else {
            notAuthenticated(devId, decision, account, sameSession ? current : null);
        }
        SyncHdr hdr = DeviceMessages.header(devId, in, gatewayUri, cred);
        byte[] body = encode(hdr, out, type);
        // the whole message, encoded, fits the device's MaxMsgSize: a chunk made smaller, or commands left for later
        long max = session == null ? 0 : session.maxMsgSize;
        while (max > 0 && body.length > max && outgoing.shrink(session, out, (int) (body.length - max))) {
            body = encode(hdr, out, type);
        }
        return new Answer(200, type.mediaType(), body, accepted ? auth.hmac(account, body) : null);
    }

    /** Counted towards the device's lockout when wrong; the nonce it must use next kept in its session too. */
    private void notAuthenticated(String devId, AuthDecision decision, DeviceAccount account, ProxySession session) {
        LOG.warning("device " + devId + " not authenticated: " + decision.reason());
        if (decision.status() == StatusCode.UNAUTHORIZED.code()) {
            authFailures.failed(lockKey(devId), null); // wrong credentials; none at all (407) is the first step
        }
        if (decision.nextNonce() != null && session != null) {
            session.account = account; // the device tries again with its next nonce, maybe in a new session
        }
    }

    private static String lockKey(String devId) {
        return "device " + devId;
    }

    @Override
    public Optional<Duration> authLockedFor(String devId) {
        return authFailures.lockedFor(lockKey(devId));
    }

    /** Lockouts of devices after wrong credentials since the start (a metric). */
    public long authLockouts() {
        return authFailures.lockouts();
    }

    private byte[] encode(SyncHdr hdr, List<Command> out, SyncMLMediaType type) {
        // a large object's chunk with more to come leaves the package open: the device asks for the next message
        boolean more = out.stream().anyMatch(c -> c instanceof ItemCommand ic && ic.items().stream()
                .anyMatch(Item::moreData));
        return codec.encode(new SyncMLMessage(hdr, new SyncBody(out, !more)), type.encoding());
    }

    /** A device that may not hold a session: its message answered with the refusal's status, nothing else done. */
    private Answer refuse(String devId, SyncMLMessage in, String gatewayUri, SyncMLMediaType type,
            Admission.Refusal refusal) {
        LOG.warning("device " + devId + " on /dm: no session, " + refusal.reason());
        List<Command> out = DeviceMessages.statuses(devId, in, new AuthDecision(refusal.status(), null, null,
                refusal.reason()), false, new int[] {0});
        byte[] body = codec.encode(new SyncMLMessage(DeviceMessages.header(devId, in, gatewayUri, null),
                new SyncBody(out, true)), type.encoding());
        return new Answer(200, type.mediaType(), body, null);
    }

    /**
     * An authenticated message: the device registered or alive, its session kept, its answers stored, and the
     * commands queued for it added to {@code out}. Returns the account as it is now (nonces learned).
     */
    private DeviceAccount proceed(String devId, SyncMLMessage in, DeviceRecord known, boolean opening,
            ProxySession session, DeviceAccount account, List<Command> out, int[] ids) {
        if (opening) {
            register(devId, known, in);
        } else {
            inventory.alive(devId);
        }
        // one session per device at a time: a new one ends one the device dropped (its unanswered commands stay
        // queued and go out again now)
        if (sessions.put(devId, session) != session) {
            sessionStarted.accept(devId);
            session.maxMsgSize = OutgoingCommands.maxMsgSize(in);
            session.maxObjSize = OutgoingCommands.maxObjSize(in);
        }
        session.authenticated = true;
        account = hearGateway(devId, in, account, session);
        session.account = account;
        if (session.refusals > MAX_REFUSALS) {
            LOG.warning("device " + devId + " refused the gateway's credentials " + session.refusals
                    + " times: session ended; check the gateway's ServerID and secret in its DMAcc");
            session.inFlight.clear();
        } else {
            // a server nonce that changed goes with the device's answers, in one commit; one the device just gave
            // the gateway is stored at once even when no answer comes with it (the client nonce is kept in memory)
            if (answers.collect(devId, in, session, session.serverNonceChanged() ? account : null)) {
                session.stored(account);
            }
            if (in.body().isFinal()) {
                outgoing.sendQueued(devId, session, out, ids);
            } else {
                // the device's package goes on in its next message: ask for it, send nothing new meanwhile
                out.add(Alert.of(Integer.toString(++ids[0]), AlertCode.NEXT_MESSAGE.code()));
            }
        }
        boolean ends = session.inFlight.isEmpty() && session.incoming.isEmpty() && in.body().isFinal();
        if (ends) {
            sessions.remove(devId); // nothing out, nothing awaited: the session may end here
        }
        if (ends && session.serverNonceChanged()) {
            accounts.storeServerNonce(account);
            session.stored(account);
        }
        return account;
    }

    /**
     * The device's Status for the gateway's last header: the next nonce toward the device, and whether the device
     * accepted the gateway. Its answers to commands it got from a gateway it refused do not count: they go out again.
     */
    private DeviceAccount hearGateway(String devId, SyncMLMessage in, DeviceAccount account, ProxySession session) {
        for (Command c : in.body().commands()) {
            if (c instanceof Status st && st.cmd().equals("SyncHdr")) {
                account = DeviceAuth.learn(account, st);
                if (DeviceAuth.refused(st)) {
                    session.refusals++;
                    session.acceptedGateway = false;
                    session.sendAgain();
                    LOG.info("device " + devId + " refused the gateway's credentials (" + st.code() + ")");
                } else if (account.server().isPresent()) {
                    session.acceptedGateway = account.authType() != AuthType.HMAC;
                }
            }
        }
        return account;
    }

    /**
     * B.9: the DevInfo of a session's first message makes or updates the device's record, which is also a sign of
     * life. A known device whose DevInfo did not change is not written again.
     */
    private void register(String devId, DeviceRecord known, SyncMLMessage in) {
        Map<String, String> devInfo = DeviceMessages.devInfo(in);
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
