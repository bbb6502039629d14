package io.omadm.gateway.adaptation.modbus;

import static io.omadm.gateway.testing.dmserver.DmSessions.codes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.omadm.gateway.adaptation.PresenceProbes;
import io.omadm.gateway.demo.SimulatedPlc;
import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.dmserver.DmServerResource;
import io.omadm.gateway.testing.dmserver.DmSessions;
import io.omadm.gateway.testing.modbus.RecordingUnit;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/**
 * The modbus adapter (adapters/modbus.yaml, profiles modbus-demo and modbus-meter) through full DM sessions against a
 * real Modbus TCP slave (j2mod) on loopback; the slave is stopped and started again and the next command works; a
 * Get of a device's {@code Tree?list=StructData} reads its leaves from the device, each in the device's byte order.
 */
@QuarkusTest
@QuarkusTestResource(value = DmServerResource.class, restrictToAnnotatedClass = true)
class ModbusAdapterTest {

    @Inject
    SessionRunner sessions;

    @Inject
    PresenceProbes probes;

    @Inject
    ProducerTemplate camel;

    private List<Command> session(Command... commands) {
        return DmSessions.session(sessions, commands);
    }

    private static String values(List<Command> out) {
        return DmSessions.values(out, "./GwMO/DevInventory/plc-1/Tree/");
    }

    @Test
    void getReplaceAndExecReachAModbusSlaveAndWorkAgainAfterItComesBack() throws Exception {
        int port;
        port = FreePort.forChildProcess(); // below the ephemeral range: no outgoing connection takes it
        SimulatedPlc plc = new SimulatedPlc(port);
        plc.start();
        given().contentType(ContentType.JSON).body(Map.of("devId", "plc-1", "mode", "adaptation", "protocol",
                "modbus", "address", "127.0.0.1:" + port, "profile", "modbus-demo"))
                .post("/api/v1/devices").then().statusCode(201);
        String t = "./GwMO/DevInventory/plc-1/Tree/";
        List<Command> out = session(
                ItemCommand.of(Verb.GET, "1", Item.target(t + "Speed"), Item.target(t + "Temperature")),
                new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format("int"), null, List.of(
                        new Item(Location.of(t + "Speed"), null, null, Data.text("1800"), false))),
                new ItemCommand(Verb.EXEC, "1", false, null, null, "c-3", List.of(Item.target(t + "Start"))),
                ItemCommand.of(Verb.GET, "1", Item.target(t + "Speed")));
        assertEquals("Speed=1500 Temperature=21.5 Speed=1800", values(out));
        assertEquals(List.of(200), codes(out, "Replace"));
        assertEquals(List.of(200), codes(out, "Exec"));
        assertEquals(1800, plc.speed(), "written to holding register 0 (PLC4X address 1)");
        assertEquals(1, plc.startPulses(), "Exec pulsed the coil");
        given().get("/api/v1/devices/plc-1").then().body("status", equalTo("attached"));

        List<Command> tooBig = session(new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format("int"), null,
                List.of(new Item(Location.of(t + "Speed"), null, null, Data.text("70000"), false))));
        assertEquals(List.of(400), codes(tooBig, "Replace"), "70000 does not fit a 16-bit INT register");
        assertEquals(1800, plc.speed(), "nothing written");
        given().get("/api/v1/devices/plc-1").then().body("status", equalTo("attached"));

        plc.close();
        // the PLC is gone: 500 and a log line naming the device (the first Get may be answered by the stopping
        // j2mod slave with a Modbus exception on the old connection; the next finds no PLC and detaches it)
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertEquals(List.of(500), codes(session(ItemCommand.of(Verb.GET, "1", Item.target(t + "Speed"))),
                    "Get"));
            given().get("/api/v1/devices/plc-1").then().body("status", equalTo("detached"));
        });
        plc.start(); // the same PLC, back on its port with what it held
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    values(session(ItemCommand.of(Verb.GET, "1", Item.target(t + "Speed")))).equals("Speed=1800"));
            given().get("/api/v1/devices/plc-1").then().body("status", equalTo("attached"));
        } finally {
            plc.close();
        }
    }

    @Test
    void aPlcIsAttachedWhileItsSlaveAcceptsConnectionsWithoutAnyCommand() throws Exception {
        int port;
        port = FreePort.forChildProcess(); // below the ephemeral range: no outgoing connection takes it
        given().contentType(ContentType.JSON).body(Map.of("devId", "plc-quiet", "mode", "adaptation", "protocol",
                "modbus", "address", "127.0.0.1:" + port, "profile", "modbus-demo"))
                .post("/api/v1/devices").then().statusCode(201);
        SimulatedPlc plc = new SimulatedPlc(port);
        plc.start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                probes.probe();
                given().get("/api/v1/devices/plc-quiet").then().body("status", equalTo("attached"));
            });
        } finally {
            plc.close();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            probes.probe();
            given().get("/api/v1/devices/plc-quiet").then().body("status", equalTo("detached"));
        });
    }

    @Test
    void oneRequestAtATimePerPlcAndAFullQueueIsRefusedAtOnce() throws Exception {
        int port;
        port = FreePort.forChildProcess(); // below the ephemeral range: no outgoing connection takes it
        AtomicInteger inSlave = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        // the burst's first request is held in the PLC until the queue behind it has filled and refused the rest (or
        // 300 ms): on a loaded machine the 24 callers may arrive further apart than one 15 ms turn
        AtomicBoolean holdNext = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);
        SimpleProcessImage image = new SimpleProcessImage();
        image.addRegister(new SimpleRegister(7) {
            @Override
            public byte[] toBytes() { // what a read answers with
                mostAtOnce.accumulateAndGet(inSlave.incrementAndGet(), Math::max);
                try {
                    if (holdNext.compareAndSet(true, false)) {
                        release.await(300, TimeUnit.MILLISECONDS);
                    }
                    Thread.sleep(15); // a slow PLC: 17 turns fit well within the adapter's 800 ms (test config)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inSlave.decrementAndGet();
                return super.toBytes();
            }
        });
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 30, false);
        slave.addProcessImage(1, image);
        slave.open();
        String address = "127.0.0.1:" + port + "|holding-register:1:INT";
        Map<String, Object> get = Map.of("DmCommand", "Get", "DmDeviceId", "plc-busy", "DmAddress", address);
        camel.requestBodyAndHeaders("direct:adapter-modbus", null, get); // connected before the burst
        holdNext.set(true);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                answers.add(pool.submit(() -> {
                    gate.await();
                    try {
                        camel.requestBodyAndHeaders("direct:adapter-modbus", null, get);
                        return "served";
                    } catch (CamelExecutionException e) {
                        boolean full = e.getCause().getMessage().contains("request queue for 127.0.0.1:" + port
                                + " is full");
                        if (full) {
                            refused.incrementAndGet();
                        }
                        return full ? "refused" : e.getCause().getMessage();
                    }
                }));
            }
            gate.countDown();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (refused.get() < 24 - 17 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            release.countDown();
            Map<String, Long> outcomes = new TreeMap<>();
            for (var a : answers) {
                outcomes.merge(a.get(), 1L, Long::sum);
            }
            assertEquals(1, mostAtOnce.get(), "never two requests at once on one PLC connection");
            assertEquals(Set.of("served", "refused"), outcomes.keySet(), outcomes.toString());
            assertTrue(outcomes.get("served") >= 17, "one in service and 16 waiting are served in turn: " + outcomes);
            assertTrue(outcomes.get("refused") >= 1, "the rest are refused at once, naming the PLC: " + outcomes);
        } finally {
            pool.shutdownNow();
            ModbusSlaveFactory.close(slave);
        }
    }

    @Test
    void theLeavesOfADevicesTreeAreReadFromTheDeviceForAStructDataGet() throws Exception {
        List<RecordingUnit.Served> served = new CopyOnWriteArrayList<>();
        RecordingUnit meter = new RecordingUnit(1, 12, served);
        int[] words = {0x0000, 0x4366, 0x0000, 0x4148, 0x0000, 0x0001, 0x4D2D, 0x3130, 0x3000, 0x0000};
        for (int i = 0; i < words.length; i++) { // CDAB: 230.0 V, 12.5 A, 65536 Wh, then "M-100" in ABCD order
            meter.getRegister(i).setValue(words[i]);
        }
        int port = FreePort.forChildProcess();
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false);
        slave.addProcessImage(1, meter);
        slave.open();
        try {
            given().contentType(ContentType.JSON).body(Map.of("devId", "meter-1", "mode", "adaptation", "protocol",
                    "modbus", "address", "127.0.0.1:" + port + "?byte-order=CDAB&max-gap=8", "profile",
                    "modbus-meter"))
                    .post("/api/v1/devices").then().statusCode(201);
            served.clear();
            meter.delayMillis = 250; // the first read is on the wire long enough for the others to wait together
            List<Command> out = session(ItemCommand.of(Verb.GET, "1",
                    Item.target("./GwMO/DevInventory/meter-1/Tree?list=StructData")));
            String leaves = out.stream().filter(c -> c instanceof Results).flatMap(c -> ((Results) c).items()
                    .stream()).filter(item -> item.data() != null && !item.data().asText().isEmpty())
                    .map(item -> item.source().locUri().replace("./GwMO/DevInventory/meter-1/Tree/", "") + "="
                            + item.data().asText()).collect(Collectors.joining(" "));
            assertEquals("Voltage=230.0 Current=12.5 Energy=65536 Serial=M-100", leaves);
            // the first read goes alone; the three that waited for it are one request, whichever went first (the
            // device allows a gap of 8 registers: the first one's registers may lie between the others)
            assertTrue(served.size() <= 2, "four adjacent points, at most two requests: " + served);
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }
}
