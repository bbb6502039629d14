package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.modbus.RecordingUnit;
import io.omadm.gateway.testing.modbus.SerialLine;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Modbus buses as plants wire them, against real j2mod slaves: adjacent reads waiting together become one request and
 * each read gets its own value; RTU frames over TCP to two unit ids behind one converter (strings and bits of
 * registers written and read back there); and a serial RTU line (a
 * socat pseudo-terminal pair) with three devices taking 1,000 concurrent commands, as a fanout sends them: every one
 * answered right, and the slave saw them strictly one after another.
 */
class ModbusBusTest {

    private static ModbusAdapter adapter() {
        return new ModbusAdapter(Duration.ofSeconds(5), ReconnectPolicy.DEFAULT, DevicePresence.NONE);
    }

    private static Response call(ModbusAdapter a, String command, String address, String value) throws Exception {
        return a.handle(new Request(command, "plc", "modbus", "P", address, "int", "text/plain", "p",
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String get(ModbusAdapter a, String address) throws Exception {
        Response r = call(a, "Get", address, null);
        assertEquals(200, r.dmStatus(), address);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void readsWaitingTogetherAreJoinedByUnitAndAreaAndAdjacency() {
        List<ModbusBus.Op> reads = new ArrayList<>();
        for (String t : List.of("holding-register:5", "holding-register:1:REAL", "holding-register:3",
                "holding-register:4", "holding-register:8", "input-register:2", "holding-register:100:STRING[100]")) {
            reads.add(new ModbusBus.Op(1, ModbusTag.parse(t), null, null, 0, 0, new CompletableFuture<>()));
        }
        reads.add(new ModbusBus.Op(2, ModbusTag.parse("holding-register:6"), null, null, 0, 0,
                new CompletableFuture<>()));
        List<String> spans = ModbusBus.spans(reads).stream().map(span -> span.get(0).unit() + ":" + span.stream()
                .map(op -> op.tag().area().written.charAt(0) + Integer.toString(op.tag().start() + 1))
                .reduce((x, y) -> x + "," + y).orElseThrow()).toList();
        // 1-2 (REAL), 3, 4, 5 adjacent: one request; 8 after a gap; 100..199 alone (1-5 and it exceed 125)
        assertEquals(List.of("1:h1,h3,h4,h5", "1:h8", "1:h100", "1:i2", "2:h6"), spans);
    }

    @Test
    void readsOfADeviceThatAllowsGapsAreJoinedAcrossGapsNoWiderThanAllowedByBoth() {
        List<ModbusBus.Op> reads = new ArrayList<>();
        for (String t : List.of("1:3", "5:3", "12:3", "20:0", "21:3")) { // register 1-based : max gap
            String[] at = t.split(":");
            reads.add(new ModbusBus.Op(1, ModbusTag.parse("holding-register:" + at[0]), null, null,
                    Integer.parseInt(at[1]), 0, new CompletableFuture<>()));
        }
        List<String> spans = ModbusBus.spans(reads).stream().map(span -> span.stream()
                .map(op -> Integer.toString(op.tag().start() + 1)).reduce((x, y) -> x + "," + y).orElseThrow())
                .toList();
        // 1 and 5: 3 registers between; 5 and 12: 6; 12 and 20: 7; 20 allows none, so 21 is joined (adjacent)
        assertEquals(List.of("1,5", "12", "20,21"), spans);
    }

    @Test
    void adjacentGetsWaitingForTheBusBecomeOneRequestAndEachGetsItsValue() throws Exception {
        List<RecordingUnit.Served> served = new CopyOnWriteArrayList<>();
        RecordingUnit unit1 = new RecordingUnit(1, 64, served);
        int port = FreePort.forChildProcess();
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false);
        slave.addProcessImage(1, unit1);
        slave.open();
        ModbusAdapter a = adapter();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            String device = "127.0.0.1:" + port;
            assertEquals("1063", get(a, device + "|holding-register:64"));
            unit1.delayMillis = 200; // the next request holds the bus while the others queue
            served.clear();
            Future<String> slow = callers.submit(() -> get(a, device + "|holding-register:64"));
            Thread.sleep(50);
            unit1.delayMillis = 0;
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 1; i <= 15; i++) {
                String tag = "|holding-register:" + i;
                reads.add(callers.submit(() -> get(a, device + tag)));
            }
            assertEquals("1063", slow.get());
            for (int i = 1; i <= 15; i++) {
                assertEquals(Integer.toString(1000 + i - 1), reads.get(i - 1).get(), "register " + i);
            }
            assertTrue(served.size() <= 4, "15 adjacent reads that waited together: " + served);
            assertTrue(served.stream().anyMatch(s -> s.what().startsWith("0+") && !s.what().equals("0+1")),
                    "one request read several registers: " + served);
        } finally {
            callers.shutdownNow();
            a.close();
            ModbusSlaveFactory.close(slave);
        }
    }

    @Test
    void rtuFramesOverTcpReachTwoUnitsBehindOneConverter() throws Exception {
        List<RecordingUnit.Served> served = new CopyOnWriteArrayList<>();
        int port = FreePort.forChildProcess();
        ModbusSlave converter = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, true);
        converter.addProcessImage(1, new RecordingUnit(1, 8, served));
        converter.addProcessImage(2, new RecordingUnit(2, 8, served));
        converter.open();
        ModbusAdapter a = adapter();
        try {
            String bus = "127.0.0.1:" + port + "?framing=rtu";
            assertEquals("1003", get(a, bus + "|holding-register:4"));
            assertEquals("2003", get(a, bus + "&unit-id=2|holding-register:4"));
            assertEquals(200, call(a, "Replace", bus + "&unit-id=2|holding-register:2:DINT", "-70000").dmStatus());
            assertEquals("-70000", get(a, bus + "&unit-id=2|holding-register:2:DINT"));
            assertEquals("1001", get(a, bus + "|holding-register:2"), "unit 1 untouched");

            // a string in registers 5-8 and a bit of register 1, written and read back on the device
            assertEquals(200, call(a, "Replace", bus + "|holding-register:5:STRING[4]", "PUMP-7").dmStatus());
            assertEquals("PUMP-7", get(a, bus + "|holding-register:5:STRING[4]"));
            assertEquals(400, call(a, "Replace", bus + "|holding-register:5:STRING[4]", "PUMP-STATION").dmStatus(),
                    "12 bytes do not fit 4 registers");
            assertEquals("false", get(a, bus + "|holding-register:1.4"), "1000 = 0b1111101000: bit 4 clear");
            assertEquals(200, call(a, "Replace", bus + "|holding-register:1.4", "true").dmStatus());
            assertEquals("1016", get(a, bus + "|holding-register:1"), "only bit 4 set: 1000 + 16");
            assertEquals(405, call(a, "Replace", bus + "|input-register:1", "5").dmStatus(),
                    "input registers are read-only");
        } finally {
            a.close();
            ModbusSlaveFactory.close(converter);
        }
    }

    @Test
    void aSerialBusWithThreeDevicesAnswersAThousandCommandsOneAtATime() throws Exception {
        List<RecordingUnit.Served> served = new CopyOnWriteArrayList<>();
        try (SerialLine line = new SerialLine()) {
            ModbusSlave bus = line.rtuSlave(115200, Map.of(1, new RecordingUnit(1, 32, served),
                    2, new RecordingUnit(2, 32, served), 3, new RecordingUnit(3, 32, served)));
            ModbusAdapter a = adapter();
            ExecutorService fanout = Executors.newFixedThreadPool(24);
            try {
                String port = line.gatewayEnd() + "?baud=115200";
                assertEquals("2005", get(a, port + "&unit-id=2|holding-register:6"));
                served.clear();
                List<String> failures = new CopyOnWriteArrayList<>();
                CountDownLatch done = new CountDownLatch(1000);
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    fanout.submit(() -> {
                        int unit = 1 + n % 3;
                        int register = 1 + n % 24; // each caller its own register of its unit: no races on values
                        String at = port + "&unit-id=" + unit + "|holding-register:" + register;
                        try {
                            if (n % 2 == 0) {
                                assertEquals(200, call(a, "Replace", at, Integer.toString(n)).dmStatus());
                            } else {
                                int v = Integer.parseInt(get(a, at));
                                // its register's first value, or one written there: never another register's
                                boolean mine = v == unit * 1000 + register - 1
                                        || v % 2 == 0 && 1 + v % 3 == unit && 1 + v % 24 == register;
                                if (!mine) {
                                    failures.add(n + ": read " + v + " from unit " + unit + " register " + register);
                                }
                            }
                        } catch (Throwable e) {
                            failures.add(n + ": " + e);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                assertTrue(done.await(120, TimeUnit.SECONDS), "1000 commands in 2 minutes");
                assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " failed");
                for (int unit = 1; unit <= 3; unit++) {
                    for (int register = 1; register <= 24; register++) {
                        int last = -1;
                        for (int n = 0; n < 1000; n += 2) {
                            if (1 + n % 3 == unit && 1 + n % 24 == register) {
                                last = n;
                            }
                        }
                        if (last >= 0) {
                            assertEquals(Integer.toString(last), get(a, port + "&unit-id=" + unit
                                    + "|holding-register:" + register), "unit " + unit + " register " + register);
                        }
                    }
                }
                assertEquals(null, RecordingUnit.overlapping(served), "two requests at once on the bus");
                assertEquals(3, served.stream().map(RecordingUnit.Served::unit).distinct().count(),
                        "all three devices served");
            } finally {
                fanout.shutdownNow();
                a.close();
                bus.close();
            }
        }
    }
}
