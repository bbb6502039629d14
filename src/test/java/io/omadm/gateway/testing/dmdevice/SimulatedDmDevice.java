package io.omadm.gateway.testing.dmdevice;

import com.sun.net.httpserver.HttpServer;
import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.HmacHeader;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.mo.Bootstrap;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.mo.GatewayIdentity;
import io.omadm.gateway.mo.StandardObjects;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.notification.NotificationException;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.testing.GatewayTls;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OMA DM 1.2 end device for the tests, speaking to the gateway's POST /dm as a real client does: Package 1 (Alert
 * 1201, or 1200 after a wake-up, and its DevInfo), then, for every message of commands the gateway sends, a Status per
 * command and Results for each Get, from a small tree of its own, posted to the RespURI, until the gateway sends
 * nothing more. XML or WBXML.
 * <p>With an {@link Account} (its DMAcc for the gateway) it authenticates in the account's scheme (Cred for basic and
 * MD5, x-syncml-hmac for HMAC), answering a challenge by sending the message again, and checks the gateway's own
 * credentials: commands from a gateway it does not accept are refused (not executed). {@link #listen()} opens a UDP
 * port where a Package 0 signed with the account's server secret starts a session.
 */
public final class SimulatedDmDevice implements AutoCloseable {

    /** The device's DMAcc for the gateway; the nonces change as the two sides hand out new ones. */
    public static final class Account {
        public final AuthType type;
        public final String clientName;
        /** Changes when the server replaces the CLCRED entry's AAuthSecret ({@link #withAppAuth}). */
        public volatile String clientSecret;
        public final String serverId;
        /** Changes when the server replaces the SRVCRED entry's AAuthSecret; null: the device checks no server. */
        public volatile String serverSecret;
        public volatile byte[] clientNonce;
        public volatile byte[] serverNonce;

        public Account(AuthType type, String clientName, String clientSecret, String serverId, String serverSecret) {
            this.type = type;
            this.clientName = clientName;
            this.clientSecret = clientSecret;
            this.serverId = serverId;
            this.serverSecret = serverSecret;
        }
    }

    private static final int MAX_CHALLENGES = 3;

    private final String devId;
    private final Encoding encoding;
    private final SyncMLCodec codec = new SyncMLCodec();
    /** One client for every simulated device: a fleet of them must not each hold a selector thread. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * HTTP/1.1 on the calling thread with kept-alive connections (HttpURLConnection), as embedded DM clients speak it,
     * instead of the JDK client (which upgrades to HTTP/2 and hands every exchange between its own threads).
     */
    private volatile boolean blockingHttp11;
    /** Told the time of each HTTP exchange, in nanoseconds (a benchmark's latency figures). */
    private volatile LongConsumer exchangeTimes = nanos -> { };
    private final AtomicInteger sessions = new AtomicInteger(0x40);
    /** The device's tree: leaf path to value. */
    public final Map<String, String> tree = new ConcurrentHashMap<>();
    /** Every command the gateway sent and the device carried out, in order, over all sessions. */
    public final List<ItemCommand> received = new CopyOnWriteArrayList<>();
    /** The status the device gave each header of the gateway's messages, in order. */
    public final List<Integer> gatewayVerdicts = new CopyOnWriteArrayList<>();
    /** Every status code the gateway gave the device's commands (but its header), over all sessions. */
    public final List<Integer> statusesSeen = new CopyOnWriteArrayList<>();
    /** Chunks of the gateway's large objects received, over all sessions. */
    public final AtomicInteger chunksReceived = new AtomicInteger();
    /** The gateway's large objects being received, by target, and the size each declared. */
    private final Map<String, java.io.ByteArrayOutputStream> partial = new ConcurrentHashMap<>();
    private final Map<String, Long> declared = new ConcurrentHashMap<>();
    /** Added to the Size the device declares for its large objects (a faulty device: not 0). */
    public volatile int sizeLie;
    /** Answer 200 instead of 213 to a chunk with more to come, keeping what came, as some clients do. */
    public volatile boolean takesAChunkAsWhole;
    /** Answer every command with Status 0 and do nothing, as a client waiting for the gateway's credentials does. */
    public volatile boolean answersStatusZero;
    /**
     * Challenge the gateway only when it sent credentials, and answer Status 0 to everything of a gateway that sent
     * none, as a client waiting for the server's credentials does.
     */
    public volatile boolean waitsForGatewayCredentials;
    /** The largest message the gateway sent this device, in bytes (to hold against its MaxMsgSize). */
    public final AtomicInteger largestMessageReceived = new AtomicInteger();
    /** The MaxObjSize the device announces (0: none). */
    private volatile long maxObjSize;
    /** The MaxMsgSize the device announces and sends within (0: none, no large objects). */
    private volatile long maxMsgSize;

    /** Times the gateway challenged the device's credentials (401/407), over all sessions. */
    public final AtomicInteger challenged = new AtomicInteger();
    /** Package 0s received on the UDP port, whatever their verdict. */
    public final List<Package0.Verdict> wakeUps = new CopyOnWriteArrayList<>();
    private volatile Account account;
    private volatile String dmUrl;
    private volatile boolean mute;
    /** The DMAcc accounts bootstrap messages created, by ServerID (with their AppAddr as {@link #addresses}). */
    public final Map<String, Account> bootstrapped = new ConcurrentHashMap<>();
    public final Map<String, String> addresses = new ConcurrentHashMap<>();
    /** The PIN a bootstrap must be signed with (SEC=USERPIN), or null to take unsigned ones. */
    private volatile String bootstrapPin;
    private HttpServer httpServer;
    private DatagramSocket udp;
    private Thread listener;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionsDone = new AtomicInteger();

    public SimulatedDmDevice(String devId, Encoding encoding) {
        this.devId = devId;
        this.encoding = encoding;
        tree.put("./DevInfo/Man", "SimCo");
        tree.put("./DevInfo/Mod", "Sim-42");
        tree.put("./DevInfo/DevId", devId);
        tree.put("./DMAcc/gw/ServerID", "omadm-gateway"); // the account it reaches the gateway with
    }

    /** The commands the gateway sent, but for those under ./DMAcc (the gateway learning the device's accounts). */
    public List<ItemCommand> receivedOutsideDmAcc() {
        return received.stream().filter(c -> !c.items().get(0).target().locUri().startsWith("./DMAcc")).toList();
    }

    public SimulatedDmDevice withAccount(Account a) {
        this.account = a;
        if (a.serverId != null) {
            tree.put("./DMAcc/gw/ServerID", a.serverId);
        }
        return this;
    }

    /**
     * Lays its account out in its tree as DM 1.2 does ({@code ./DMAcc/gw/AppAuth/cl} the CLCRED entry, {@code srv} the
     * SRVCRED one, with {@code serverSecretAtRest} as the latter's secret even while the device checks no server):
     * a server that replaces an AAuthSecret there changes the secret the device uses from then on.
     */
    public SimulatedDmDevice withAppAuth(String serverSecretAtRest) {
        Account a = account;
        tree.put("./DMAcc/gw/AppAuth/cl/AAuthLevel", "CLCRED");
        tree.put("./DMAcc/gw/AppAuth/cl/AAuthName", a.clientName);
        tree.put("./DMAcc/gw/AppAuth/cl/AAuthSecret", a.clientSecret);
        tree.put("./DMAcc/gw/AppAuth/srv/AAuthLevel", "SRVCRED");
        tree.put("./DMAcc/gw/AppAuth/srv/AAuthName", String.valueOf(a.serverId));
        tree.put("./DMAcc/gw/AppAuth/srv/AAuthSecret", serverSecretAtRest);
        return this;
    }

    private void secretReplaced(String target, String value) {
        if (account != null && target.equals("./DMAcc/gw/AppAuth/cl/AAuthSecret")) {
            account.clientSecret = value;
        } else if (account != null && target.equals("./DMAcc/gw/AppAuth/srv/AAuthSecret")) {
            account.serverSecret = value;
        }
    }

    public Account account() {
        return account;
    }

    /** The gateway's DM URL, for the sessions a wake-up starts. */
    public SimulatedDmDevice withServer(String url) {
        this.dmUrl = url;
        return this;
    }

    /** A mute device takes every Package 0 and never calls back. */
    public SimulatedDmDevice mute() {
        this.mute = true;
        return this;
    }

    /**
     * Speaks HTTP/1.1 only, blocking on the calling thread, as embedded DM clients do. Connections are kept alive up
     * to the JVM's {@code http.maxConnections} per server (5 unless set): more devices at once open new ones.
     */
    /** Times each HTTP exchange of this device's sessions from here on. */
    public SimulatedDmDevice timingExchanges(LongConsumer times) {
        this.exchangeTimes = times;
        return this;
    }

    public SimulatedDmDevice http11() {
        this.blockingHttp11 = true;
        return this;
    }

    /** Announces a MaxMsgSize and sends a value longer than half of it as a large object. */
    public SimulatedDmDevice withMaxMsgSize(long bytes) {
        this.maxMsgSize = bytes;
        return this;
    }

    /** Announces a MaxObjSize: the largest object it takes (it would take a larger one if sent, as a test needs). */
    public SimulatedDmDevice withMaxObjSize(long bytes) {
        this.maxObjSize = bytes;
        return this;
    }

    public SimulatedDmDevice withBootstrapPin(String pin) {
        this.bootstrapPin = pin;
        return this;
    }

    /**
     * Listens on HTTP at 127.0.0.1 (the device's Address, http://127.0.0.1:port/): a POST of a Package 0
     * (application/vnd.syncml.notification) wakes it as on UDP; a POST of a bootstrap message (WBXML DM, signed when
     * the device has a PIN) is applied to a DM tree of the device's own and its accounts kept in {@link #bootstrapped}
     * (204), or refused (401 bad signature, 400 unreadable). The URL.
     */
    public String listenHttp() throws IOException {
        httpServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        httpServer.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                int code;
                if (type != null && type.startsWith(Package0.MEDIA_TYPE)) {
                    code = wakeUp(body) ? 204 : 401;
                } else if (type != null && type.startsWith("application/vnd.syncml.dm+wbxml")) {
                    code = takeBootstrap(body, type);
                } else {
                    code = 415;
                }
                ex.sendResponseHeaders(code, -1);
            } catch (RuntimeException e) {
                failures.add(e);
                ex.sendResponseHeaders(500, -1);
            }
        });
        httpServer.start();
        return "http://127.0.0.1:" + httpServer.getAddress().getPort() + "/";
    }

    private int takeBootstrap(byte[] body, String contentType) {
        Map<String, String> params = new HashMap<>();
        for (String p : contentType.split(";")) {
            String[] kv = p.trim().split("=", 2);
            if (kv.length == 2) {
                params.put(kv[0].trim().toUpperCase(Locale.ROOT), kv[1].trim());
            }
        }
        String pin = bootstrapPin;
        if (pin != null && (!"USERPIN".equals(params.get("SEC")) || !hmacSha1Hex(pin, body)
                .equalsIgnoreCase(params.getOrDefault("MAC", "")))) {
            return 401;
        }
        DmTree dmTree = new DmTree(new InMemoryTreeStore());
        StandardObjects.mount(dmTree, new GatewayIdentity(devId, "SimCo", "Sim-42", "1.2", "en", "sim", "SimCo",
                "1", "1", "1"));
        try {
            Bootstrap.apply(dmTree, codec.decode(body, Encoding.WBXML));
        } catch (Exception e) {
            failures.add(e);
            return 400;
        }
        DmAccounts accounts = new DmAccounts(dmTree);
        for (String serverId : accounts.serverIds()) {
            DmAccount a = accounts.account(serverId, encoding).orElseThrow();
            bootstrapped.put(serverId, new Account(a.clientAuth(), a.clientSecret().username(),
                    a.clientSecret().password(), serverId, a.serverSecret() == null ? null
                    : a.serverSecret().password()));
            addresses.put(serverId, a.serverUrl().toString());
            tree.put("./DMAcc/" + serverId.replaceAll("[^A-Za-z0-9_-]", "_") + "/ServerID", serverId);
        }
        return 204;
    }

    /** The bootstrap MAC, computed here with the JDK alone. */
    private static String hmacSha1Hex(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Listens for Package 0 on a UDP port of 127.0.0.1; the port (for the device's inventory Address). */
    public int listen() throws SocketException {
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        listener = new Thread(this::receive, "sim-dm-" + devId);
        listener.setDaemon(true);
        listener.start();
        return udp.getLocalPort();
    }

    /** Sessions started by a wake-up that ran to the end. */
    public int wokenSessions() {
        return sessionsDone.get();
    }

    /** What went wrong in sessions started by a wake-up. */
    public List<Throwable> failures() {
        return failures;
    }

    private void receive() {
        byte[] buf = new byte[2048];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                wakeUp(Arrays.copyOf(p.getData(), p.getLength()));
            } catch (Exception e) {
                if (!udp.isClosed()) {
                    failures.add(e);
                }
            }
        }
    }

    /**
     * A Package 0: checked with the account's server secret and nonce; a valid one starts a session in the background
     * (unless the device is mute). Whether it was valid.
     */
    private boolean wakeUp(byte[] bytes) {
        Package0 n;
        try {
            n = Package0.parse(bytes);
        } catch (NotificationException e) {
            failures.add(e);
            return false;
        }
        Account a = account;
        Package0.Verdict v = a == null || a.serverSecret == null || !n.serverId().equals(a.serverId)
                ? Package0.Verdict.INVALID : n.verify(new Secret(a.serverId, a.serverSecret), a.serverNonce);
        wakeUps.add(v);
        if (v != Package0.Verdict.INVALID && !mute) {
            Thread t = new Thread(() -> {
                try {
                    session(dmUrl, n.sessionIdHex(), 1200);
                    sessionsDone.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "sim-dm-session-" + devId);
            t.setDaemon(true);
            t.start();
        }
        return v != Package0.Verdict.INVALID;
    }

    /** One whole session with the gateway at {@code dmUrl}; the number of messages the gateway sent. */
    public int session(String dmUrl) throws Exception {
        return session(dmUrl, Integer.toHexString(sessions.incrementAndGet()).toUpperCase(Locale.ROOT), 1201);
    }

    private int session(String dmUrl, String sessionId, int alert) throws Exception {
        int msgId = 1;
        List<Command> out = package1(alert);
        boolean fin = true;
        String url = dmUrl;
        int messages = 0;
        int challenges = 0;
        boolean accepted = false;
        boolean gatewayAccepted = false;
        Deque<Results> chunksToSend = new ArrayDeque<>();
        while (true) {
            SyncHdr hdr = SyncHdr.of(sessionId, Integer.toString(msgId), Location.of(dmUrl), Location.of(devId));
            if (msgId == 1 && (maxMsgSize > 0 || maxObjSize > 0)) {
                hdr = hdr.withMeta(Meta.EMPTY.withMaxMsgSize(maxMsgSize > 0 ? maxMsgSize : null)
                        .withMaxObjSize(maxObjSize > 0 ? maxObjSize : null));
            }
            Reply reply = post(url, new SyncMLMessage(hdr, new SyncBody(out, fin)), accepted);
            messages++;
            msgId++;
            if (reply.message.header().respUri() != null) {
                url = reply.message.header().respUri();
            }
            Status verdict = headerStatus(reply.message, hdr.msgId());
            if (verdict != null && account != null) {
                Nonces.nextNonce(verdict.chal()).ifPresent(n -> account.clientNonce = n);
            }
            if (verdict != null && (verdict.code() == 401 || verdict.code() == 407)) {
                challenged.incrementAndGet();
                if (++challenges > MAX_CHALLENGES) {
                    throw new IllegalStateException(devId + ": the gateway refused the device's credentials "
                            + challenges + " times (" + verdict.code() + ")");
                }
                continue; // send the same commands again, now with credentials for the nonce just given
            }
            accepted = verdict != null && verdict.code() == 212;
            List<ItemCommand> commands = reply.message.body().commands().stream()
                    .filter(c -> c instanceof ItemCommand).map(c -> (ItemCommand) c).toList();
            boolean replyFinal = reply.message.body().isFinal();
            if (commands.isEmpty() && chunksToSend.isEmpty() && replyFinal) {
                return messages; // nothing to do, nothing to answer: a nonce handed out now would never arrive
            }
            statusesSeen.addAll(reply.message.body().commands().stream().filter(c -> c instanceof Status st
                    && !st.cmd().equals("SyncHdr")).map(c -> ((Status) c).code()).toList());
            // basic and MD5 hold for the session once accepted; HMAC is checked on every message
            AuthDecision gateway = commands.isEmpty() || gatewayAccepted && account.type != AuthType.HMAC ? null
                    : checkGateway(reply);
            gatewayAccepted |= gateway != null && gateway.authenticated();
            out = answer(reply.message, commands, gateway, chunksToSend);
            if (!replyFinal) {
                out.add(Alert.of(Integer.toString(out.size() + 1), 1222)); // the gateway's package goes on
            }
            if (!chunksToSend.isEmpty() && commands.stream().noneMatch(c -> c.items().get(0).moreData())) {
                out.add(chunksToSend.poll()); // one chunk of the device's large object per message
            }
            fin = chunksToSend.isEmpty();
        }
    }

    /** Opens a session and goes away as soon as the gateway sends commands (the device drops); what it was sent. */
    public List<ItemCommand> openAndDrop(String dmUrl) throws Exception {
        String sessionId = Integer.toHexString(sessions.incrementAndGet()).toUpperCase(Locale.ROOT);
        SyncHdr hdr = SyncHdr.of(sessionId, "1", Location.of(dmUrl), Location.of(devId));
        SyncMLMessage reply = post(dmUrl, new SyncMLMessage(hdr, new SyncBody(package1(1201), true)), false).message;
        return reply.body().commands().stream().filter(c -> c instanceof ItemCommand).map(c -> (ItemCommand) c)
                .toList();
    }

    private static Status headerStatus(SyncMLMessage reply, String msgId) {
        return reply.body().commands().stream().filter(c -> c instanceof Status s && s.cmd().equals("SyncHdr")
                && s.msgRef().equals(msgId)).map(c -> (Status) c).findFirst().orElse(null);
    }

    /** The gateway's credentials, when the device's DMAcc holds the gateway's secret; null when it checks none. */
    private AuthDecision checkGateway(Reply reply) {
        Account a = account;
        if (a == null || a.serverSecret == null) {
            return null;
        }
        if (waitsForGatewayCredentials && reply.message.header().cred() == null && reply.hmac == null) {
            return new AuthDecision(0, null, null, "no credentials from the gateway: Status 0, no challenge");
        }
        AuthDecision d = new Authenticator(a.type, new Nonces()).decide(AuthRequest.of(reply.message, reply.hmac,
                reply.body), new Secret(a.serverId, a.serverSecret), a.serverNonce);
        if (d.nextNonce() != null) {
            a.serverNonce = d.nextNonce();
        }
        return d;
    }

    private List<Command> package1(int alert) {
        List<Command> out = new ArrayList<>();
        out.add(Alert.of("1", alert));
        List<Item> devInfo = new ArrayList<>();
        for (String leaf : List.of("./DevInfo/Man", "./DevInfo/Mod", "./DevInfo/DevId")) {
            devInfo.add(new Item(null, Location.of(leaf), Meta.format("chr"), Data.text(tree.get(leaf)), false));
        }
        out.add(new ItemCommand(ItemCommand.Verb.REPLACE, "2", false, null, null, null, devInfo));
        return out;
    }

    private List<Command> answer(SyncMLMessage reply, List<ItemCommand> commands, AuthDecision gateway,
            Deque<Results> chunksToSend) {
        List<Command> out = new ArrayList<>();
        String msgRef = reply.header().msgId();
        int ids = 0;
        int headerCode = gateway == null ? 200 : gateway.status();
        out.add(new Status(Integer.toString(++ids), msgRef, "0", "SyncHdr", List.of(), List.of(), null,
                gateway == null ? null : gateway.chal(), headerCode, List.of()));
        if (gateway != null) {
            gatewayVerdicts.add(headerCode);
        }
        boolean trusted = gateway == null || gateway.authenticated();
        for (ItemCommand c : commands) {
            Item item = c.items().get(0);
            String target = item.target().locUri();
            int code = 200;
            List<Item> results = null;
            if (!trusted) {
                code = headerCode; // a gateway the device does not accept gets nothing done
            } else if (answersStatusZero) {
                code = 0;
            } else if (item.moreData() || partial.containsKey(target)) {
                code = takeChunk(c, item, target);
            } else {
                received.add(c);
                switch (c.verb()) {
                    case GET -> {
                        String v = tree.get(target);
                        List<String> children = children(target);
                        if (v != null) {
                            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                            if (maxMsgSize > 0 && bytes.length > maxMsgSize / 2) {
                                chunksToSend.addAll(chunks(msgRef, c.cmdId(), target, bytes));
                            } else {
                                results = List.of(new Item(null, Location.of(target), Meta.format("chr"),
                                        Data.text(v), false));
                            }
                        } else if (!children.isEmpty()) { // an interior node: the names of its children
                            results = List.of(new Item(null, Location.of(target), Meta.format("node"),
                                    Data.text(String.join("/", children)), false));
                        } else {
                            code = 404;
                        }
                    }
                    case REPLACE, ADD -> {
                        String value = item.data() == null ? "" : new String(item.data().bytes(),
                                StandardCharsets.UTF_8);
                        tree.put(target, value);
                        secretReplaced(target, value);
                    }
                    case DELETE -> code = tree.remove(target) == null ? 404 : 200;
                    case EXEC -> code = tree.containsKey(target) ? 200 : 404;
                    default -> code = 406;
                }
            }
            out.add(new Status(Integer.toString(++ids), msgRef, c.cmdId(), c.verb().elementName(), List.of(target),
                    List.of(), null, null, code, List.of()));
            if (results != null) {
                out.add(new Results(Integer.toString(++ids), msgRef, c.cmdId(), null, null, null, results));
            }
        }
        return out;
    }

    /** A chunk of the gateway's large object: 213 until the last, then the whole value is applied (424 on a size
     * that differs from the one declared). */
    private int takeChunk(ItemCommand c, Item item, String target) {
        java.io.ByteArrayOutputStream bytes = partial.computeIfAbsent(target, t -> new java.io.ByteArrayOutputStream());
        if (item.meta() != null && item.meta().size() != null) {
            declared.put(target, item.meta().size());
        }
        bytes.writeBytes(item.data() == null ? new byte[0] : item.data().bytes());
        chunksReceived.incrementAndGet();
        if (item.moreData() && takesAChunkAsWhole) {
            partial.remove(target);
            tree.put(target, bytes.toString(StandardCharsets.UTF_8)); // a truncated object, as the client kept it
            return 200;
        }
        if (item.moreData()) {
            return 213;
        }
        partial.remove(target);
        Long size = declared.remove(target);
        if (size != null && size != bytes.size()) {
            return 424;
        }
        received.add(c);
        tree.put(target, bytes.toString(StandardCharsets.UTF_8));
        return 200;
    }

    /** The device's own large object: a Get's value in Results chunks of half its MaxMsgSize, Size on the first. */
    private List<Results> chunks(String msgRef, String cmdRef, String target, byte[] value) {
        List<Results> out = new ArrayList<>();
        int step = (int) (maxMsgSize / 2);
        for (int off = 0, len; off < value.length; off += len) {
            len = Math.min(step, value.length - off);
            while (off + len < value.length && (value[off + len] & 0xC0) == 0x80) {
                len--; // whole UTF-8 characters in each chunk
            }
            Meta meta = Meta.format("chr");
            if (off == 0) {
                meta = meta.withSize((long) value.length + sizeLie);
            }
            out.add(new Results("9" + out.size(), msgRef, cmdRef, null, null, null, List.of(new Item(null,
                    Location.of(target), meta, Data.text(new String(value, off, len, StandardCharsets.UTF_8)),
                    off + len < value.length))));
        }
        return out;
    }

    private List<String> children(String interior) {
        String prefix = interior + "/";
        return tree.keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length()).split("/")[0]).distinct().sorted().toList();
    }

    private record Reply(SyncMLMessage message, byte[] body, String hmac) {
    }

    /** Posts a message, with the account's credentials unless the gateway accepted them for this session. */
    private Reply post(String url, SyncMLMessage m, boolean accepted) throws Exception {
        Account a = account;
        Secret client = a == null || a.clientSecret == null ? null : new Secret(a.clientName, a.clientSecret);
        if (client != null && !accepted && a.type != AuthType.HMAC && (a.type == AuthType.BASIC
                || a.clientNonce != null)) {
            m = new SyncMLMessage(m.header().withCred(CredentialFactory.cred(a.type, client, a.clientNonce))
                    .withSource(new Location(devId, a.clientName)), m.body());
        }
        byte[] body = codec.encode(m, encoding);
        String type = encoding == Encoding.XML ? "application/vnd.syncml.dm+xml" : "application/vnd.syncml.dm+wbxml";
        String hmac = client != null && a.type == AuthType.HMAC && a.clientNonce != null
                ? CredentialFactory.hmacHeader(client, a.clientNonce, body) : null;
        if (blockingHttp11) {
            long start = System.nanoTime();
            Reply r = postBlocking(url, type, body, hmac);
            exchangeTimes.accept(System.nanoTime() - start);
            return r;
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (hmac != null) {
            req.header(HmacHeader.NAME, hmac);
        }
        HttpResponse<byte[]> r = client(url).send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        return reply(url, r.statusCode(), r.body(), r.headers().firstValue(HmacHeader.NAME).orElse(null));
    }

    private static HttpClient client(String url) {
        return url.startsWith("https:") ? GatewayTls.httpClient() : HTTP;
    }

    private Reply postBlocking(String url, String type, byte[] body, String hmac) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (c instanceof javax.net.ssl.HttpsURLConnection tls) {
            tls.setSSLSocketFactory(GatewayTls.context().getSocketFactory());
        }
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", type);
        if (hmac != null) {
            c.setRequestProperty(HmacHeader.NAME, hmac);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        byte[] answer;
        // the whole body read and the stream closed: the connection goes back to the keep-alive cache
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        }
        return reply(url, status, answer, c.getHeaderField(HmacHeader.NAME));
    }

    private Reply reply(String url, int status, byte[] body, String hmac) throws SyncMLDecodeException {
        largestMessageReceived.accumulateAndGet(body == null ? 0 : body.length, Math::max);
        if (status != 200) {
            throw new IllegalStateException("POST " + url + " answered " + status + ": "
                    + new String(body, StandardCharsets.UTF_8));
        }
        return new Reply(codec.decode(body, encoding), body, hmac);
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (httpServer != null) {
            httpServer.stop(0);
        }
    }
}
