package io.omadm.gateway.testing.dmdevice;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OMA DM 1.2 end device for the tests, speaking to the gateway's POST /dm as a real client does: Package 1 (Alert
 * 1201 and its DevInfo), then, for every message of commands the gateway sends, a Status per command and Results for
 * each Get, from a small tree of its own, posted to the RespURI, until the gateway sends nothing more. XML or WBXML.
 */
public final class SimulatedDmDevice {

    private final String devId;
    private final Encoding encoding;
    private final SyncMLCodec codec = new SyncMLCodec();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger sessions = new AtomicInteger(0x40);
    /** The device's tree: leaf path to value. */
    public final Map<String, String> tree = new LinkedHashMap<>();
    /** Every command the gateway sent, in order, over all sessions. */
    public final List<ItemCommand> received = new ArrayList<>();

    public SimulatedDmDevice(String devId, Encoding encoding) {
        this.devId = devId;
        this.encoding = encoding;
        tree.put("./DevInfo/Man", "SimCo");
        tree.put("./DevInfo/Mod", "Sim-42");
        tree.put("./DevInfo/DevId", devId);
    }

    /** One whole session with the gateway at {@code dmUrl}; the number of messages the gateway sent. */
    public int session(String dmUrl) throws Exception {
        String sessionId = Integer.toHexString(sessions.incrementAndGet()).toUpperCase(java.util.Locale.ROOT);
        int msgId = 1;
        List<Command> out = package1();
        String url = dmUrl;
        int messages = 0;
        while (true) {
            SyncHdr hdr = SyncHdr.of(sessionId, Integer.toString(msgId), Location.of(dmUrl), Location.of(devId));
            SyncMLMessage reply = post(url, new SyncMLMessage(hdr, new SyncBody(out, true)));
            messages++;
            if (reply.header().respUri() != null) {
                url = reply.header().respUri();
            }
            List<ItemCommand> commands = reply.body().commands().stream().filter(c -> c instanceof ItemCommand)
                    .map(c -> (ItemCommand) c).toList();
            if (commands.isEmpty()) {
                return messages;
            }
            out = answer(reply.header().msgId(), commands);
            msgId++;
        }
    }

    /** Opens a session and goes away as soon as the gateway sends commands (the device drops); what it was sent. */
    public List<ItemCommand> openAndDrop(String dmUrl) throws Exception {
        String sessionId = Integer.toHexString(sessions.incrementAndGet()).toUpperCase(java.util.Locale.ROOT);
        SyncHdr hdr = SyncHdr.of(sessionId, "1", Location.of(dmUrl), Location.of(devId));
        SyncMLMessage reply = post(dmUrl, new SyncMLMessage(hdr, new SyncBody(package1(), true)));
        return reply.body().commands().stream().filter(c -> c instanceof ItemCommand).map(c -> (ItemCommand) c)
                .toList();
    }

    private List<Command> package1() {
        List<Command> out = new ArrayList<>();
        out.add(Alert.of("1", 1201));
        List<Item> devInfo = new ArrayList<>();
        for (String leaf : List.of("./DevInfo/Man", "./DevInfo/Mod", "./DevInfo/DevId")) {
            devInfo.add(new Item(null, Location.of(leaf), Meta.format("chr"), Data.text(tree.get(leaf)), false));
        }
        out.add(new ItemCommand(ItemCommand.Verb.REPLACE, "2", false, null, null, null, devInfo));
        return out;
    }

    private List<Command> answer(String msgRef, List<ItemCommand> commands) {
        List<Command> out = new ArrayList<>();
        int ids = 0;
        for (ItemCommand c : commands) {
            received.add(c);
            String target = c.items().get(0).target().locUri();
            int code = 200;
            List<Item> results = null;
            switch (c.verb()) {
                case GET -> {
                    String v = tree.get(target);
                    if (v == null) {
                        code = 404;
                    } else {
                        results = List.of(new Item(null, Location.of(target), Meta.format("chr"), Data.text(v),
                                false));
                    }
                }
                case REPLACE, ADD -> tree.put(target, c.items().get(0).data() == null ? ""
                        : new String(c.items().get(0).data().bytes(), StandardCharsets.UTF_8));
                case DELETE -> code = tree.remove(target) == null ? 404 : 200;
                case EXEC -> code = tree.containsKey(target) ? 200 : 404;
                default -> code = 406;
            }
            out.add(new Status(Integer.toString(++ids), msgRef, c.cmdId(), c.verb().elementName(), List.of(target),
                    List.of(), null, null, code, List.of()));
            if (results != null) {
                out.add(new Results(Integer.toString(++ids), msgRef, c.cmdId(), null, null, null, results));
            }
        }
        return out;
    }

    private SyncMLMessage post(String url, SyncMLMessage m) throws Exception {
        String type = encoding == Encoding.XML ? "application/vnd.syncml.dm+xml" : "application/vnd.syncml.dm+wbxml";
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(m, encoding))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return codec.decode(r.body(), encoding);
    }
}
