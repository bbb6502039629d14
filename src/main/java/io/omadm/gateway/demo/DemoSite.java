package io.omadm.gateway.demo;

import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The demo site ({@code scripts/run --demo}, Quarkus profile {@code demo}): before the gateway's routes start, an
 * MQTT 5 broker with two temperature sensors (they announce themselves), a Modbus TCP PLC and an OPC UA machine start
 * on 127.0.0.1, and the PLC and the machine are registered as adaptation-mode devices of the demo profiles. A new
 * user sees adaptation work in one command; a real site sets gateway.mqtt.url and declares its own devices instead.
 */
public final class DemoSite {

    private static final Logger LOG = Logger.getLogger(DemoSite.class.getName());

    /** gateway.demo.*: the ports of the simulated equipment; and the broker the gateway's MQTT adapter uses. */
    public record Ports(int mqttPort, int modbusPort, int opcuaPort, String gatewayMqttUrl) {
    }

    private final Ports demo;
    private final Inventory inventory;
    private final Vertx vertx;
    private final Runnable probe;
    private final List<AutoCloseable> running = new ArrayList<>();

    /** @param probe one round of presence probes, so the demo devices are attached from the start */
    public DemoSite(Ports demo, Inventory inventory, Vertx vertx, Runnable probe) {
        this.demo = demo;
        this.inventory = inventory;
        this.vertx = vertx;
        this.probe = probe;
    }

    /**
     * Starts the simulated equipment; before the gateway's routes start. When a part cannot start (its port taken),
     * what did start is stopped again before the failure is passed on: nothing is left holding a port.
     */
    public void start() throws Exception {
        try {
            startAll();
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    private void startAll() throws Exception {
        DemoBroker broker = new DemoBroker(vertx, demo.mqttPort());
        running.add(broker);
        String brokerUrl = broker.start();
        if (!demo.gatewayMqttUrl().equals(brokerUrl)) {
            LOG.warning("demo site: gateway.mqtt.url is '" + demo.gatewayMqttUrl() + "', not the demo broker "
                    + brokerUrl + ": the demo sensors will not be reached");
        }
        for (int i = 1; i <= 2; i++) {
            SimulatedSensor sensor = new SimulatedSensor(brokerUrl, "demo-sensor-" + i, 20.0 + i);
            sensor.start();
            running.add(sensor);
        }
        SimulatedEdgeNode edge = new SimulatedEdgeNode(brokerUrl);
        running.add(edge);
        edge.start(); // born once a Sparkplug host says it is online
        SimulatedPlc plc = new SimulatedPlc(demo.modbusPort());
        running.add(plc);
        register("demo-plc", "PLC-1", "modbus", plc.start(), "modbus-demo");
        SimulatedMachine machine = new SimulatedMachine(demo.opcuaPort());
        running.add(machine); // closed even when it started only in part
        register("demo-machine", "MACHINE-1", "opcua", machine.start(), "opcua-demo");
        probe.run(); // attached from the start, not after the first probe interval
        LOG.info("demo site up: MQTT broker " + brokerUrl + " with demo-sensor-1 and demo-sensor-2, Modbus PLC "
                + "demo-plc at 127.0.0.1:" + demo.modbusPort() + ", OPC UA machine demo-machine at "
                + machine.endpoint() + ", Sparkplug edge node Demo/demo-edge (spb:Demo:demo-edge:filler-1, -2); try GET"
                + " /api/v1/devices and /api/v1/devices/demo-plc/tree/Speed");
    }

    private void register(String devId, String model, String protocol, String address, String profile) {
        inventory.register(new Registration(devId, "Demo", model, "1.0", Mode.ADAPTATION, protocol, address, null,
                profile, Set.of(), null, null));
    }

    public void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception problem) {
                LOG.fine("demo site: closing " + running.get(i) + ": " + problem.getMessage());
            }
        }
        running.clear();
    }
}
