package io.omadm.gateway.testing.dmserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.HmacHeader;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import io.omadm.gateway.syncml.codec.SyncMLMediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real DM server on 127.0.0.1 for tests: it authenticates the gateway (basic, MD5 or HMAC, challenging as a real
 * server does), proves itself with SRVCRED when told to, hands out a RespURI, and runs a script of server packages
 * against each session. Every exchange is recorded for the test to assert on.
 */
public final class ScriptedDmServer implements AutoCloseable {

    /** What the server sends in one message: commands, and whether this message ends its package. */
    public record Reply(List<Command> commands, boolean isFinal) {
        public static Reply of(Command... commands) {
            return new Reply(List.of(commands), true);
        }
    }

    /** One step of a script: given the gateway's last message, the server's next message. */
    public interface Step extends Function<SyncMLMessage, Reply> {
    }

    /** One POST: what came in (bytes and message), the HTTP headers, what went out. */
    public record Exchange(URI uri, Map<String, String> headers, byte[] requestBody, SyncMLMessage request,
            SyncMLMessage response) {
    }

    private static final class Session {
        boolean gatewayAccepted;
        int msgId;
    }

    private final HttpServer http;
    private final String scheme;
    private final SyncMLCodec codec = new SyncMLCodec();
    private final String serverId;
    private final AuthType gatewayAuth;
    private final Secret gatewaySecret;
    private final Nonces nonces = new Nonces();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    /** The subject of the client certificate of each HTTPS exchange that showed one. */
    public final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    private final List<Alert> genericAlerts = new CopyOnWriteArrayList<>();
    private volatile List<Step> script = List.of();
    private int nextStep;
    private String stepSession;
    private boolean stepAnswered = true;
    private volatile byte[] gatewayNonce;
    private volatile AuthType serverAuth;
    private volatile Secret serverSecret;
    private volatile byte[] serverNonce;
    private volatile int genericAlertStatus = 200;
    private volatile int httpStatus = 200;
    private volatile boolean acceptEverything;
    private volatile byte[] rawAnswer;
    private volatile Long maxMsgSize;
    private volatile boolean recording = true;
    /** Chunked Results values being reassembled, by source URI; complete ones move to {@link #values}. */
    private final Map<String, java.io.ByteArrayOutputStream> chunks = new ConcurrentHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    /**
     * @param gatewayAuth how the gateway must authenticate (null: anything goes)
     * @param initialGatewayNonce the nonce the gateway was provisioned with (null: it must be challenged first)
     */
    public ScriptedDmServer(String serverId, AuthType gatewayAuth, Secret gatewaySecret, byte[] initialGatewayNonce)
            throws IOException {
        this(serverId, gatewayAuth, gatewaySecret, initialGatewayNonce, null);
    }

    /** @param tls serve HTTPS with this context (its key manager holds the server certificate); null for HTTP */
    public ScriptedDmServer(String serverId, AuthType gatewayAuth, Secret gatewaySecret, byte[] initialGatewayNonce,
            javax.net.ssl.SSLContext tls) throws IOException {
        this(serverId, gatewayAuth, gatewaySecret, initialGatewayNonce, tls, false);
    }

    /**
     * @param tls serve HTTPS with this context (its key manager holds the server certificate, its trust manager the
     *     CAs of the clients it accepts)
     * @param needClientCertificate refuse a TLS client that shows no certificate its trust manager accepts
     */
    public ScriptedDmServer(String serverId, AuthType gatewayAuth, Secret gatewaySecret, byte[] initialGatewayNonce,
            javax.net.ssl.SSLContext tls, boolean needClientCertificate) throws IOException {
        this.serverId = serverId;
        this.gatewayAuth = gatewayAuth;
        this.gatewaySecret = gatewaySecret;
        this.gatewayNonce = initialGatewayNonce;
        this.acceptEverything = gatewayAuth == null;
        // The JDK server writes headers and body separately; without TCP_NODELAY each exchange waits ~40 ms on
        // Nagle and the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (tls == null) {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            com.sun.net.httpserver.HttpsServer https =
                    com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(needClientCertificate);
                    params.setSSLParameters(p);
                }
            });
            http = https;
        }
        this.scheme = tls == null ? "http" : "https";
        http.createContext("/dm", this::handle);
        http.start();
    }

    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + http.getAddress().getPort() + "/dm");
    }

    /** The server proves itself to the gateway with these SRVCRED credentials and the nonce the gateway gave. */
    public ScriptedDmServer provingItselfWith(AuthType type, Secret secret, byte[] nonceFromGateway) {
        this.serverAuth = type;
        this.serverSecret = secret;
        this.serverNonce = nonceFromGateway;
        return this;
    }

    /**
     * The server's next packages, one step per package; no steps: it only answers Status. Each step is used once,
     * by whichever session reaches it (another session, say one an alert started, may run in between).
     */
    public synchronized void script(Step... steps) {
        script = List.of(steps);
        nextStep = 0;
        stepSession = null;
        stepAnswered = true;
    }

    /** Every step was sent and the gateway answered the last one. */
    public synchronized boolean scriptFinished() {
        return nextStep >= script.size() && stepAnswered;
    }

    public void answerGenericAlertsWith(int status) {
        genericAlertStatus = status;
    }

    /** Every POST is answered with this HTTP status (an outage is 503). */
    public void answerHttp(int status) {
        httpStatus = status;
    }

    /** A Package 0 signed with this server's SRVCRED and the nonce the gateway gave it (§4). */
    public byte[] package0(int sessionId) {
        return io.omadm.gateway.notification.Package0.build(io.omadm.gateway.notification.Package0.VERSION_1_2, 0,
                true, sessionId, serverId, null, serverSecret, serverNonce);
    }

    /** Sends a Package 0 to the gateway's POST /notification; returns the HTTP status it answered. */
    public int sendPackage0(URI notificationUrl, int sessionId) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(notificationUrl)
                        .header("Content-Type", io.omadm.gateway.notification.Package0.MEDIA_TYPE)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(package0(sessionId))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    /** Sends a Package 0 to the gateway's UDP notification port on loopback. */
    public void sendPackage0Udp(int port, int sessionId) throws IOException {
        byte[] p0 = package0(sessionId);
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.send(new java.net.DatagramPacket(p0, p0.length, java.net.InetAddress.getLoopbackAddress(), port));
        }
    }

    /** Benchmarks turn recording off: thousands of sessions would fill memory. */
    public void recording(boolean on) {
        recording = on;
    }

    /** The server announces this MaxMsgSize in its SyncHdr: the gateway must split what it sends. */
    public void announceMaxMsgSize(long bytes) {
        maxMsgSize = bytes;
    }

    /** Every value the gateway returned in Results, by source URI, large objects reassembled from their chunks. */
    public Map<String, String> resultValues() {
        return Collections.unmodifiableMap(values);
    }

    /** The next POST is answered 200 with these bytes as they are (garbage, a truncated message...). */
    public void answerRawOnce(byte[] bytes) {
        rawAnswer = bytes;
    }

    public List<Exchange> exchanges() {
        return Collections.unmodifiableList(exchanges);
    }

    public List<Alert> genericAlerts() {
        return Collections.unmodifiableList(genericAlerts);
    }

    /** Every Status and Results the gateway sent, in order. */
    public List<Command> gatewayResponses() {
        List<Command> out = new ArrayList<>();
        for (Exchange e : exchanges) {
            e.request().body().commands().stream()
                    .filter(c -> c instanceof Status || c instanceof Results).forEach(out::add);
        }
        return out;
    }

    /** The nonce the gateway last gave the server: what it must sign its next Package 0 and credentials with. */
    public byte[] currentServerNonce() {
        return serverNonce;
    }

    public byte[] currentGatewayNonce() {
        return gatewayNonce;
    }

    @Override
    public void close() {
        http.stop(0);
    }

    // ---- the server ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (ex instanceof com.sun.net.httpserver.HttpsExchange tls) {
                try {
                    clientCertificates.add(tls.getSSLSession().getPeerPrincipal().getName());
                } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                    // a client without a certificate, where the server did not ask for one
                }
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (httpStatus != 200) {
                ex.sendResponseHeaders(httpStatus, -1);
                return;
            }
            Optional<SyncMLMediaType> type = SyncMLMediaType.parse(ex.getRequestHeaders().getFirst("Content-Type"));
            if (type.isEmpty()) {
                ex.sendResponseHeaders(415, -1);
                return;
            }
            SyncMLMessage in;
            try {
                in = codec.decode(body, type.get().encoding());
            } catch (SyncMLDecodeException e) {
                ex.sendResponseHeaders(e.httpStatus(), -1);
                return;
            }
            if (rawAnswer != null) {
                byte[] raw = rawAnswer;
                rawAnswer = null;
                ex.getResponseHeaders().add("Content-Type", type.get().mediaType());
                ex.sendResponseHeaders(200, raw.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(raw);
                }
                return;
            }
            Map<String, String> headers = new java.util.TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            SyncMLMessage out;
            // answered and recorded at once: whoever sees the script finished finds the gateway's answer recorded
            synchronized (this) {
                out = answer(in, headers, body);
                if (recording) {
                    exchanges.add(new Exchange(ex.getRequestURI(), headers, body, in, out));
                } else if (out.body().isFinal() && out.body().commands().stream()
                        .allMatch(c -> c instanceof Status)) {
                    sessions.remove(in.header().sessionId()); // the session is over; forget it
                }
            }
            byte[] bytes = codec.encode(out, type.get().encoding());
            ex.getResponseHeaders().add("Content-Type", type.get().mediaType());
            if (serverAuth == AuthType.HMAC && serverNonce != null) {
                ex.getResponseHeaders().add(HmacHeader.NAME,
                        CredentialFactory.hmacHeader(serverSecret, serverNonce, bytes));
            }
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private synchronized SyncMLMessage answer(SyncMLMessage in, Map<String, String> headers, byte[] body) {
        Session s = sessions.computeIfAbsent(in.header().sessionId(), k -> new Session());
        if (in.header().sessionId().equals(stepSession)) {
            stepAnswered = true; // the gateway's answer to the step it was sent
        }
        List<Command> out = new ArrayList<>();
        Ids ids = new Ids();
        // the gateway's credentials
        AuthDecision d = null;
        if (!acceptEverything && (!s.gatewayAccepted || gatewayAuth == AuthType.HMAC)) {
            d = new Authenticator(gatewayAuth, nonces).decide(
                    AuthRequest.of(in, headers.get(HmacHeader.NAME), body), gatewaySecret, gatewayNonce);
            if (d.nextNonce() != null) {
                gatewayNonce = d.nextNonce();
            }
            s.gatewayAccepted = d.authenticated();
        }
        int headerCode = d == null ? (s.gatewayAccepted ? 200 : 212) : d.status();
        s.gatewayAccepted |= d == null;
        out.add(new Status(ids.next(), in.header().msgId(), "0", "SyncHdr", List.of(in.header().target().locUri()),
                List.of(in.header().source().locUri()), null, d == null ? null : d.chal(), headerCode, List.of()));
        // the gateway's Status for our header may carry the nonce it wants from us (SRVCRED)
        for (Command c : in.body().commands()) {
            if (c instanceof Status st && st.cmdRef().equals("0")) {
                Nonces.nextNonce(st.chal()).ifPresent(n -> serverNonce = n);
            }
        }
        boolean accepted = d == null || d.authenticated();
        for (Command c : in.body().commands()) {
            if (c instanceof Status) {
                continue;
            }
            if (c instanceof Results r) {
                boolean chunked = collect(r);
                if (chunked) { // §2.7: each chunk but the last gets 213
                    out.add(new Status(ids.next(), in.header().msgId(), c.cmdId(), c.name(), List.of(), List.of(),
                            null, null, StatusCode.CHUNKED_ITEM_ACCEPTED.code(), List.of()));
                }
                continue; // §2.1: no Status for Results with 200
            }
            int code = accepted ? StatusCode.OK.code() : headerCode;
            if (accepted && c instanceof Alert a && a.code() == 1226) {
                genericAlerts.add(a);
                code = genericAlertStatus;
            }
            out.add(new Status(ids.next(), in.header().msgId(), c.cmdId(), c.name(), List.of(), List.of(), null, null,
                    code, List.of()));
        }
        boolean isFinal = true;
        boolean gatewayWantsMore = gatewayWantsMoreOf(in);
        if (accepted && !in.body().isFinal() && !gatewayWantsMore) {
            // §2.7: the gateway's package goes on: ask for its next message, and nothing else
            out.add(new Alert(ids.next(), false, null, 1222, null, List.of()));
            isFinal = false;
        } else if (accepted && nextStep < script.size() && (in.body().isFinal() || gatewayWantsMore)) {
            Reply r = script.get(nextStep++).apply(in);
            stepSession = in.header().sessionId();
            stepAnswered = false;
            for (Command c : r.commands()) {
                out.add(renumber(c, ids.next()));
            }
            isFinal = r.isFinal();
        }
        s.msgId++;
        SyncHdr hdr = new SyncHdr("1.2", "DM/1.2", in.header().sessionId(), Integer.toString(s.msgId),
                Location.of(in.header().source().locUri()), Location.of(serverId),
                url() + "?s=" + in.header().sessionId(), false, serverCred(),
                maxMsgSize == null ? null : io.omadm.gateway.syncml.Meta.EMPTY.withMaxMsgSize(maxMsgSize));
        return new SyncMLMessage(hdr, new SyncBody(out, isFinal));
    }

    private static boolean gatewayWantsMoreOf(SyncMLMessage in) {
        return in.body().commands().stream().anyMatch(c -> c instanceof Alert a && a.code() == 1222);
    }

    /** Records a Results' values; true when it carried a chunk that is not the last. */
    private boolean collect(Results r) {
        boolean more = false;
        for (io.omadm.gateway.syncml.Item item : r.items()) {
            String uri = item.source() == null ? "?" : item.source().locUri();
            byte[] data = item.data() == null ? new byte[0] : item.data().bytes();
            java.io.ByteArrayOutputStream buf = chunks.computeIfAbsent(uri, k -> new java.io.ByteArrayOutputStream());
            buf.writeBytes(data);
            if (item.moreData()) {
                more = true;
            } else {
                values.put(uri, buf.toString(java.nio.charset.StandardCharsets.UTF_8));
                chunks.remove(uri);
            }
        }
        return more;
    }

    private io.omadm.gateway.syncml.Cred serverCred() {
        if (serverAuth == null || serverAuth == AuthType.HMAC) {
            return null;
        }
        if (serverAuth == AuthType.MD5 && serverNonce == null) {
            return null;
        }
        return CredentialFactory.cred(serverAuth, serverSecret, serverNonce);
    }

    private static Command renumber(Command c, String id) {
        if (c instanceof ItemCommand ic) {
            return new ItemCommand(ic.verb(), id, ic.noResp(), ic.cred(), ic.meta(), ic.correlator(), ic.items());
        }
        if (c instanceof Alert a) {
            return new Alert(id, a.noResp(), a.cred(), a.code(), a.correlator(), a.items());
        }
        if (c instanceof io.omadm.gateway.syncml.Atomic a) {
            return new io.omadm.gateway.syncml.Atomic(id, a.noResp(), a.meta(), a.commands());
        }
        if (c instanceof io.omadm.gateway.syncml.Sequence q) {
            return new io.omadm.gateway.syncml.Sequence(id, q.noResp(), q.meta(), q.commands());
        }
        return c;
    }

    private static final class Ids {
        private int n;

        String next() {
            return Integer.toString(++n);
        }
    }
}
