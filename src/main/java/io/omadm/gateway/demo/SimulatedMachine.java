package io.omadm.gateway.demo;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A machine with an OPC UA server (Eclipse Milo) on 127.0.0.1, for the demo site and the tests: object
 * {@code Machine} in namespace {@value #NAMESPACE} with variables Speed (Int32, read-write), Temperature (Double,
 * read-only) and Running (Boolean, read-only), and methods Start (no arguments: Running becomes true) and SetSpeed
 * (one Int32). The demo's endpoint is unsecured (SecurityPolicy None, anonymous); tests give a secured configuration.
 */
public final class SimulatedMachine implements AutoCloseable {

    public static final String NAMESPACE = "urn:omadm-gateway:demo:machine";

    private final int port;
    private final OpcUaServer server;
    private final AtomicInteger starts = new AtomicInteger();
    /** Read requests for its nodes, and monitored items made on them: how clients reach its values. */
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger monitored = new AtomicInteger();
    private MachineNamespace namespace;

    /** The demo's machine: an unsecured endpoint (SecurityPolicy None, anonymous). */
    public SimulatedMachine(int port) {
        this(port, unsecured(port));
    }

    /** A machine whose server is configured by the caller (a test's secured server: its endpoints, PKI, users). */
    public SimulatedMachine(int port, OpcUaServerConfig config) {
        this.port = port;
        this.server = new OpcUaServer(config,
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    }

    private static OpcUaServerConfig unsecured(int port) {
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setHostname("127.0.0.1")
                .setBindPort(port)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        return OpcUaServerConfig.builder()
                .setApplicationUri("urn:omadm-gateway:demo:machine:server")
                .setApplicationName(LocalizedText.english("Simulated machine"))
                .setProductUri("urn:omadm-gateway:demo")
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
                .setEndpoints(Set.of(endpoint))
                .build();
    }

    /** Starts the server; returns its endpoint URL. */
    public String start() throws Exception {
        namespace = new MachineNamespace(server, starts, reads, monitored);
        namespace.startup();
        server.startup().get(10, TimeUnit.SECONDS);
        return endpoint();
    }

    public String endpoint() {
        return "opc.tcp://127.0.0.1:" + port;
    }

    public int speed() {
        return (Integer) namespace.speed.getValue().getValue().getValue();
    }

    public boolean running() {
        return (Boolean) namespace.running.getValue().getValue().getValue();
    }

    /** Read requests that asked for its nodes' values without timestamps (as the gateway does). */
    public int reads() {
        return reads.get();
    }

    /** Monitored items clients made on its nodes (subscriptions). */
    public int monitoredItems() {
        return monitored.get();
    }

    /** How often Start was called. */
    public int starts() {
        return starts.get();
    }

    @Override
    public void close() throws Exception {
        if (namespace != null) {
            namespace.shutdown();
        }
        server.shutdown().get(10, TimeUnit.SECONDS);
    }

    private static final class MachineNamespace extends ManagedNamespaceWithLifecycle {

        final UaVariableNode speed;
        final UaVariableNode running;
        private final SubscriptionModel subscriptions;
        private final AtomicInteger reads;
        private final AtomicInteger monitored;

        MachineNamespace(OpcUaServer server, AtomicInteger starts, AtomicInteger reads, AtomicInteger monitored) {
            super(server, NAMESPACE);
            this.reads = reads;
            this.monitored = monitored;
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            UaObjectNode machine = new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId("Machine"))
                    .setBrowseName(newQualifiedName("Machine"))
                    .setDisplayName(LocalizedText.english("Machine"))
                    .setTypeDefinition(NodeIds.BaseObjectType)
                    .build();
            getNodeManager().addNode(machine);
            machine.addReference(new Reference(machine.getNodeId(), NodeIds.Organizes,
                    NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));

            speed = variable(machine, "Speed", NodeIds.Int32, 1200, AccessLevel.READ_WRITE);
            variable(machine, "Temperature", NodeIds.Double, 21.5, AccessLevel.READ_ONLY);
            running = variable(machine, "Running", NodeIds.Boolean, false, AccessLevel.READ_ONLY);

            method(machine, "Start", new Argument[0], inputs -> {
                starts.incrementAndGet();
                running.setValue(new DataValue(new Variant(true)));
            });
            Argument speedArgument = new Argument("Speed", NodeIds.Int32, -1, null, LocalizedText.english("rpm"));
            method(machine, "SetSpeed", new Argument[] {speedArgument},
                    inputs -> speed.setValue(new DataValue(inputs[0])));
        }

        @Override
        public List<DataValue> read(ReadContext context, Double maxAge, TimestampsToReturn timestamps,
                List<ReadValueId> ids) {
            // Milo's own sampling for subscriptions reads with both timestamps; clients' Read requests come here too
            if (timestamps != TimestampsToReturn.Both
                    && ids.stream().anyMatch(id -> id.getAttributeId().intValue() == AttributeId.Value.id())) {
                reads.incrementAndGet();
            }
            return super.read(context, maxAge, timestamps, ids);
        }

        @Override
        public void onDataItemsCreated(List<DataItem> items) {
            monitored.addAndGet(items.size());
            subscriptions.onDataItemsCreated(items);
        }

        @Override
        public void onDataItemsModified(List<DataItem> items) {
            subscriptions.onDataItemsModified(items);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> items) {
            subscriptions.onDataItemsDeleted(items);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> items) {
            subscriptions.onMonitoringModeChanged(items);
        }

        private UaVariableNode variable(UaObjectNode parent, String name, NodeId type, Object value,
                Set<AccessLevel> access) {
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId("Machine/" + name))
                    .setBrowseName(newQualifiedName(name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(type)
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(access)
                    .setUserAccessLevel(access)
                    .setValue(new DataValue(new Variant(value)))
                    .build();
            getNodeManager().addNode(node);
            parent.addComponent(node);
            return node;
        }

        private interface Body {
            void run(Variant[] inputs);
        }

        private void method(UaObjectNode parent, String name, Argument[] inputs, Body body) {
            UaMethodNode node = UaMethodNode.builder(getNodeContext())
                    .setNodeId(newNodeId("Machine/" + name))
                    .setBrowseName(newQualifiedName(name))
                    .setDisplayName(LocalizedText.english(name))
                    .build();
            getNodeManager().addNode(node);
            node.setInvocationHandler(new AbstractMethodInvocationHandler(node) {
                @Override
                public Argument[] getInputArguments() {
                    return inputs;
                }

                @Override
                public Argument[] getOutputArguments() {
                    return new Argument[0];
                }

                @Override
                protected Variant[] invoke(InvocationContext context, Variant[] in) {
                    body.run(in);
                    return new Variant[0];
                }
            });
            // the InputArguments property lets clients (the gateway) type the argument
            node.setInputArguments(inputs);
            parent.addComponent(node);
        }
    }
}
