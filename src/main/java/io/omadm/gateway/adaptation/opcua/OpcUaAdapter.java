package io.omadm.gateway.adaptation.opcua;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ConnectionProbe;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.link.DeviceLink;
import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.opcua.OpcUaValues.BadValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.client.nodes.UaNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * The OPC UA side of the opcua adapter route (adapters/opcua.yaml), through Eclipse Milo's client. A point's address
 * is {@code <endpoint URL>|<node id>} for a variable (Get reads it, Replace writes it typed by the node's DataType,
 * Exec writes the command's value) or {@code <endpoint URL>|<object node id>|<method node id>} for a method (Exec calls
 * it, with the command's value as its one argument when there is one, typed by the method's InputArguments). Node ids
 * are OPC UA's text form, {@code ns=2;s=Machine/Speed} or, surviving a server's namespace renumbering,
 * {@code nsu=urn:...;s=Machine/Speed}.
 *
 * <p>One client session per endpoint address, on the endpoint the address's security options pick among those the
 * server offers, signed in with its identity ({@link OpcUaEndpoint}, {@link OpcUaSecurity}): the most secure one by
 * default. A failed request drops the session: the device is reported detached and the next command connects again,
 * after a backoff.
 * A node or value the machine refuses is an answer (404, 405, 425, 400), not a lost machine.
 */
public final class OpcUaAdapter implements ProtocolAdapter, ConnectionProbe {

    private static final Logger LOG = Logger.getLogger(OpcUaAdapter.class.getName());
    /** Requests in flight at once on one session, and waiting for a turn beyond those. */
    private static final int CONCURRENCY = 32;
    private static final int QUEUE = 512;

    private final Duration timeout;
    private final ReconnectPolicy reconnect;
    private final DevicePresence presence;
    private final Map<String, DeviceLink<OpcUaClient>> links = new ConcurrentHashMap<>();
    private final OpcUaSecurity security;
    /** Endpoint addresses as parsed, once each: every command names one. */
    private final Map<String, OpcUaEndpoint> endpoints = new ConcurrentHashMap<>();
    /** Each session's subscriptions by sampling interval; what each session key monitored (made again on a new one). */
    private final Map<OpcUaClient, Map<Duration, MonitoredValues>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<Duration, List<NodeId>>> monitored = new ConcurrentHashMap<>();

    /** An adapter for servers without security only (SecurityPolicy None, anonymous). */
    public OpcUaAdapter(Duration timeout, ReconnectPolicy reconnect, DevicePresence presence) {
        this(timeout, reconnect, presence, OpcUaSecurity.unsecuredOnly());
    }

    /** @param timeout how long a command may take: gives up before the dispatcher does; a lost machine is reported */
    public OpcUaAdapter(Duration timeout, ReconnectPolicy reconnect, DevicePresence presence,
            OpcUaSecurity security) {
        this.timeout = timeout;
        this.reconnect = reconnect;
        this.presence = presence;
        this.security = security;
    }

    /** An answer of the machine: a DM status and the value or message to send back. */
    private record Answer(int status, String body) {
        static Answer of(StatusCode code, String what, String valueWhenGood) {
            int status = OpcUaValues.dmStatus(code);
            return new Answer(status, status == 200 ? valueWhenGood : what + ": " + OpcUaValues.name(code));
        }
    }

    @Override
    public Response handle(Request r) throws Exception {
        String[] parts = r.address().split("\\|", -1);
        if (parts.length < 2 || parts.length > 3 || OpcUaEndpoint.problem(parts[0]).isPresent()) {
            throw new IllegalArgumentException("opcua address '" + r.address()
                    + "' is not <opc.tcp://host:port>|<node id> or <opc.tcp://host:port>|<object id>|<method id>");
        }
        String value = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        Answer answer;
        try {
            OpcUaEndpoint endpoint = endpoint(parts[0]);
            answer = link(endpoint.session()).call(timeout, c -> {
                try {
                    return run(c, endpoint, r.command(), parts, value);
                } catch (BadValue e) {
                    return new Answer(400, e.getMessage());
                } catch (UaRuntimeException e) {
                    return new Answer(404, "no such node in " + r.address() + ": " + e.getMessage());
                }
            });
        } catch (Exception e) {
            presence.gone(r.devId()); // the session with the machine is lost
            throw e;
        }
        presence.alive(r.devId()); // DI-003: a live session is a sign of life
        return new Response(answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String protocol() {
        return "opcua";
    }

    @Override
    public Optional<String> problem(String address) {
        String[] parts = address.split("\\|", -1);
        if (parts.length < 2 || parts.length > 3) {
            return Optional.of("'" + address + "' is not <endpoint>|<node id> or <endpoint>|<object id>|<method id>");
        }
        Optional<String> endpoint = OpcUaEndpoint.problem(parts[0]);
        if (endpoint.isPresent()) {
            return endpoint;
        }
        String identity = parts[0].contains("{") ? null : endpoint(parts[0]).identity();
        if (!security.knows(identity)) {
            return Optional.of("identity '" + identity + "' in '" + parts[0]
                    + "' is not one of gateway.opcua.identities");
        }
        for (int i = 1; i < parts.length; i++) {
            String id = parts[i];
            if (!parses(id)) {
                return Optional.of("'" + id + "' is not an OPC UA node id (ns=2;s=Name or nsu=<uri>;s=Name)");
            }
        }
        return Optional.empty();
    }

    private OpcUaEndpoint endpoint(String address) {
        return endpoints.computeIfAbsent(address, OpcUaEndpoint::parse);
    }

    private static boolean parses(String nodeId) {
        try {
            return nodeId.startsWith("nsu=") ? ExpandedNodeId.parse(nodeId) != null : NodeId.parse(nodeId) != null;
        } catch (UaRuntimeException e) {
            return false;
        }
    }

    /** The server answers a read of its own state (ServerStatus/State) on the session, made if need be. */
    @Override
    public boolean reachable(String pointAddress) {
        DeviceLink<OpcUaClient> link = link(endpoint(pointAddress.split("\\|", 2)[0]).session());
        try {
            return link.call(timeout, c -> {
                DataValue state = c.readValue(0.0, TimestampsToReturn.Neither, NodeIds.Server_ServerStatus_State);
                if (!state.getStatusCode().isGood()) {
                    throw new IllegalStateException("the server's state reads " + state.getStatusCode());
                }
                return true;
            });
        } catch (Exception e) {
            LOG.fine("OPC UA server " + link.name() + " not reachable: " + e.getMessage());
            return false;
        }
    }

    private Answer run(OpcUaClient c, OpcUaEndpoint endpoint, String command, String[] parts, String value)
            throws Exception {
        NodeId node = nodeId(c, parts[1]);
        return switch (command) {
            case "Get" -> {
                DataValue v = endpoint.sampling() == null ? null : subscribed(c, endpoint, node);
                if (v == null) { // not sampled, or the subscription is not healthy: a read
                    v = c.readValue(0.0, TimestampsToReturn.Neither, node);
                }
                yield Answer.of(v.getStatusCode(), "read " + parts[1], OpcUaValues.format(v.getValue().getValue()));
            }
            case "Replace" -> write(c, node, parts[1], value);
            case "Exec" -> parts.length == 3 ? call(c, node, nodeId(c, parts[2]), parts[2], value)
                    : write(c, node, parts[1], value);
            default -> new Answer(405, command + " is not an OPC UA operation");
        };
    }

    /** The variable's latest value from the session's subscription at the endpoint's sampling; null: read it. */
    private DataValue subscribed(OpcUaClient c, OpcUaEndpoint endpoint, NodeId node) throws Exception {
        MonitoredValues values = subscriptions.computeIfAbsent(c, k -> new ConcurrentHashMap<>())
                .get(endpoint.sampling());
        if (values == null) {
            values = MonitoredValues.create(c, endpoint.sampling());
            subscriptions.get(c).put(endpoint.sampling(), values);
        } else if (values.dead()) { // Milo made a new session (the server restarted) and could not move it there
            values = MonitoredValues.recreate(c, endpoint.sampling(), values.nodes());
            subscriptions.get(c).put(endpoint.sampling(), values);
        }
        DataValue v = values.latest(node, System.nanoTime() + timeout.toNanos());
        monitored.computeIfAbsent(endpoint.session(), k -> new ConcurrentHashMap<>()).put(endpoint.sampling(),
                values.nodes());
        return v;
    }

    /** A new session of a session key gets the subscriptions the last one had; a failure leaves Gets to read. */
    private void resubscribe(String session, OpcUaClient c) {
        monitored.getOrDefault(session, Map.of()).forEach((sampling, nodes) -> {
            try {
                subscriptions.computeIfAbsent(c, k -> new ConcurrentHashMap<>()).put(sampling,
                        MonitoredValues.recreate(c, sampling, nodes));
            } catch (Exception e) {
                LOG.warning("OPC UA " + session + ": the subscription of " + nodes.size() + " variables was not made"
                        + " again: " + e.getMessage());
            }
        });
    }

    private Answer write(OpcUaClient c, NodeId node, String name, String value) throws Exception {
        DataValue typeAttr = c.read(0.0, TimestampsToReturn.Neither, List.of(new ReadValueId(node,
                AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
        if (!typeAttr.getStatusCode().isGood()) {
            return Answer.of(typeAttr.getStatusCode(), "write " + name, "");
        }
        Variant typed = new Variant(OpcUaValues.parse(dataType((NodeId) typeAttr.getValue().getValue()), value));
        StatusCode written = c.writeValues(List.of(node), List.of(DataValue.valueOnly(typed))).get(0);
        return Answer.of(written, "write " + name, "");
    }

    private Answer call(OpcUaClient c, NodeId object, NodeId method, String name, String value) throws Exception {
        Variant[] inputs = new Variant[0];
        if (!value.isBlank()) {
            UaNode node = c.getAddressSpace().getNode(method);
            if (!(node instanceof UaMethodNode m)) {
                return new Answer(404, name + " is not a method");
            }
            Argument[] declared = m.readInputArgumentsAsync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (declared == null || declared.length != 1) {
                return new Answer(400, name + " takes " + (declared == null ? 0 : declared.length)
                        + " arguments; a DM Exec passes at most one (its Data)");
            }
            inputs = new Variant[] {new Variant(OpcUaValues.parse(dataType(declared[0].getDataType()), value))};
        }
        CallMethodResult r = c.call(List.of(new CallMethodRequest(object, method, inputs))).getResults()[0];
        String outputs = r.getOutputArguments() == null ? "" : Arrays.stream(r.getOutputArguments())
                .map(v -> OpcUaValues.format(v.getValue())).collect(Collectors.joining(","));
        return Answer.of(r.getStatusCode(), "call " + name, outputs);
    }

    private static OpcUaDataType dataType(NodeId id) throws BadValue {
        OpcUaDataType type = id == null ? null : OpcUaDataType.fromNodeId(id);
        if (type == null) {
            throw new BadValue("the node's data type " + id + " is not an OPC UA built-in type");
        }
        return type;
    }

    /** {@code ns=2;s=X} as is; {@code nsu=<uri>;s=X} through the server's namespace table. */
    private static NodeId nodeId(OpcUaClient c, String text) throws Exception {
        if (text.startsWith("nsu=")) {
            return ExpandedNodeId.parse(text).toNodeIdOrThrow(c.getNamespaceTable());
        }
        return NodeId.parse(text);
    }

    /** The session with one endpoint, made on demand and dropped on failure. */
    private DeviceLink<OpcUaClient> link(String url) {
        return links.computeIfAbsent(url, u -> new DeviceLink<>(u, new DeviceLink.Connector<>() {
            @Override
            public OpcUaClient open() throws Exception {
                OpcUaClient c = connect(u);
                resubscribe(u, c);
                return c;
            }

            @Override
            public boolean isOpen(OpcUaClient c) {
                return true; // Milo keeps the session up; a request that fails on it drops the link's client
            }

            @Override
            public void close(OpcUaClient c) {
                subscriptions.remove(c);
                c.disconnectAsync();
            }
        }, reconnect, CONCURRENCY, QUEUE, Clock.systemUTC()));
    }

    /**
     * A client session with the endpoint the address picks, signed in with its identity. A server that offers no
     * endpoint the address can take is refused saying what it offers; a server certificate not trusted yet lands in
     * the PKI folder's rejected certificates, and the connection is refused until it is trusted.
     */
    private OpcUaClient connect(String address) throws Exception {
        OpcUaEndpoint want = OpcUaEndpoint.parse(address);
        long timeoutMillis = timeout.toMillis();
        List<EndpointDescription> offered = new ArrayList<>();
        AtomicReference<String> refused = new AtomicReference<>();
        String host = EndpointUtil.getHost(want.url());
        OpcUaClient c;
        try {
            c = OpcUaClient.create(want.url(),
                    endpoints -> {
                        offered.addAll(endpoints);
                        Optional<EndpointDescription> chosen = security.select(endpoints, want);
                        chosen.flatMap(e -> security.serverProblem(e, host)).ifPresent(refused::set);
                        // the server may advertise a host name the gateway cannot resolve: use the one dialled
                        return chosen.filter(e -> refused.get() == null).map(e -> EndpointUtil.updateUrl(e, host,
                                EndpointUtil.getPort(want.url())));
                    },
                    transport -> transport.setConnectTimeout(uint(timeoutMillis)),
                    config -> configure(config, want, timeoutMillis));
        } catch (UaException e) {
            if (refused.get() != null) {
                throw new IllegalStateException(want.url() + ": " + refused.get(), e);
            }
            if (!offered.isEmpty() && security.select(offered, want).isEmpty()) {
                throw new IllegalStateException(want.url() + " offers no endpoint for security-policy "
                        + want.policy() + ", security-mode " + want.mode() + " and " + (want.identity() == null
                        ? "an anonymous identity" : "identity " + want.identity()) + (security.hasCertificate() ? ""
                        : " without a gateway certificate") + "; it offers " + OpcUaSecurity.offered(offered), e);
            }
            throw e;
        }
        try {
            c.connect();
        } catch (Exception e) {
            c.disconnectAsync();
            if (String.valueOf(e.getMessage()).contains("Bad_SecurityChecksFailed")) {
                throw new IllegalStateException(want.url() + " refused the gateway's secure channel"
                        + " (Bad_SecurityChecksFailed): its administrator must trust the gateway's application"
                        + " certificate (GET /api/v1/opcua/certificate)", e);
            }
            throw e;
        }
        return c;
    }

    private void configure(OpcUaClientConfigBuilder config, OpcUaEndpoint want, long timeoutMillis) {
        config.setApplicationUri(OpcUaSecurity.APPLICATION_URI)
                .setApplicationName(LocalizedText.english("OMA DM Gateway"))
                .setRequestTimeout(uint(timeoutMillis));
        if (security.hasCertificate()) {
            config.setKeyPair(security.keyPair()).setCertificate(security.chain()[0])
                    .setCertificateChain(security.chain()).setCertificateValidator(security.validator());
        }
        try {
            config.setIdentityProvider(security.identity(want.identity()));
        } catch (IOException e) {
            throw new UncheckedIOException("identity " + want.identity() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<LinkState> links() {
        return links.values().stream().map(l -> l.state("opcua")).toList();
    }

    @Override
    public void close() {
        links.values().forEach(DeviceLink::close);
    }
}
