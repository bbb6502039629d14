package io.omadm.gateway.southbound;

import static io.omadm.gateway.testing.QueuedCommands.command;
import static io.omadm.gateway.testing.QueuedCommands.provision;
import static io.omadm.gateway.testing.QueuedCommands.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.testing.dmdevice.SimulatedDmDevice;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Large objects and multi-message packages between the gateway and a proxy-mode device that announces a small
 * MaxMsgSize: a queued Replace larger than it goes out in chunks, one per message (the device takes each with 213 and
 * asks for the next message with Alert 1222), never cut inside a UTF-8 character; a Get whose value is larger comes
 * back in chunks over several messages of the device's package, which the gateway takes with 213 and Alert 1222 and
 * stores whole, with the device's status, once the last chunk is in. XML and WBXML.
 */
@QuarkusTest
class ProxyLargeObjectTest {

    @TestHTTPResource("/dm")
    URL dm;

    private static String text(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < length; i++) {
            b.append("line ").append(i).append(": température 21 °C, débit 3 m³/h € ").append('\n');
        }
        return b.toString();
    }

    @Test
    void largeValuesGoOutAndComeBackInChunks() throws Exception {
        for (Encoding encoding : List.of(Encoding.XML, Encoding.WBXML)) {
            String devId = "lo-" + encoding.name().toLowerCase(java.util.Locale.ROOT);
            provision(devId);
            SimulatedDmDevice device = new SimulatedDmDevice(devId, encoding).withMaxMsgSize(3000);
            device.session(dm.toString()); // first contact

            String big = text(40_000);
            long replace = queue(devId, "Replace", "./App/Config", big);
            int messages = device.session(dm.toString());
            assertEquals(200, command(devId, replace).get("status"), devId);
            assertEquals(big, device.tree.get("./App/Config"), devId + ": the whole value, every character intact");
            assertTrue(device.chunksReceived.get() >= 40_000 / 3000, devId + ": in chunks, "
                    + device.chunksReceived.get());
            assertTrue(messages > device.chunksReceived.get(), devId + ": one chunk per message");
            assertTrue(device.statusesSeen.stream().noneMatch(c -> c >= 300), device.statusesSeen.toString());

            String log = text(25_000);
            device.tree.put("./App/Log", log);
            long get = queue(devId, "Get", "./App/Log", null);
            device.session(dm.toString());
            assertEquals(200, command(devId, get).get("status"), devId);
            assertEquals(log, command(devId, get).get("result"), devId + ": gathered from the device's chunks");
            assertTrue(device.statusesSeen.contains(213), devId + ": the gateway took the chunks with 213");

            // a device whose chunks do not add up to the size it declared: 424, and no value is kept
            device.sizeLie = 7;
            long wrong = queue(devId, "Get", "./App/Log", null);
            device.session(dm.toString());
            assertEquals(424, command(devId, wrong).get("status"), devId);
            assertEquals(null, command(devId, wrong).get("result"), devId);
            device.sizeLie = 0;
        }
    }

    @Test
    void everyMessageFitsTheDevicesMaxMsgSizeWholeStatusesAndAll() throws Exception {
        // a long DevId makes the header and every Status longer than the room a chunk used to leave for them
        String devId = "lo-fit-" + "x".repeat(200);
        provision(devId);
        SimulatedDmDevice device = new SimulatedDmDevice(devId, Encoding.XML).withMaxMsgSize(16384);
        device.session(dm.toString());
        String big = text(40_000);
        long add = queue(devId, "Replace", "./App/Config", big);
        for (int i = 0; i < 3; i++) {
            queue(devId, "Replace", "./App/Small" + i, text(3_000)); // small ones beside it, as queues hold them
        }
        device.session(dm.toString());
        assertEquals(200, command(devId, add).get("status"));
        assertEquals(big, device.tree.get("./App/Config"));
        assertTrue(device.largestMessageReceived.get() <= 16384, "the largest message was "
                + device.largestMessageReceived.get() + " bytes, the device allows 16384");
    }

    @Test
    void anObjectLargerThanTheDevicesMaxObjSizeIsNeverSentAndEndsWith413() throws Exception {
        provision("lo-maxobj");
        SimulatedDmDevice device = new SimulatedDmDevice("lo-maxobj", Encoding.WBXML).withMaxMsgSize(16384)
                .withMaxObjSize(30_000);
        device.session(dm.toString());
        long tooLarge = queue("lo-maxobj", "Replace", "./App/Firmware", text(40_000));
        String config = text(20_000);
        long fits = queue("lo-maxobj", "Replace", "./App/Config", config);
        device.session(dm.toString());
        assertEquals(413, command("lo-maxobj", tooLarge).get("status"), "the device said it takes 30,000 at most");
        assertEquals(200, command("lo-maxobj", fits).get("status"));
        assertEquals(null, device.tree.get("./App/Firmware"), "not one chunk of it was sent");
        assertEquals(config, device.tree.get("./App/Config"));
    }

    @Test
    void aChunkTakenAsTheWholeObjectEndsTheCommandWithAnErrorNot200() throws Exception {
        provision("lo-truncating");
        SimulatedDmDevice device = new SimulatedDmDevice("lo-truncating", Encoding.XML).withMaxMsgSize(16384);
        device.session(dm.toString());
        device.takesAChunkAsWhole = true;
        long add = queue("lo-truncating", "Replace", "./App/Firmware", text(40_000));
        device.session(dm.toString());
        assertEquals(424, command("lo-truncating", add).get("status"), "never 200 for a truncated object");
        assertEquals(1, device.chunksReceived.get(), "no chunk after the one taken as whole");
        assertTrue(device.tree.get("./App/Firmware").length() < 40_000);
    }
}
