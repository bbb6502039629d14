package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the gateway, as DM server, reads from a device's message and writes back in its header and Status. */
final class DeviceMessages {

    private DeviceMessages() {
    }

    static SyncHdr header(String devId, SyncMLMessage in, String gatewayUri, Cred cred) {
        return new SyncHdr(SyncHdr.VER_DTD_1_2, in.header().verProto(), in.header().sessionId(),
                in.header().msgId(), Location.of(devId), Location.of(gatewayUri),
                gatewayUri + "?dev=" + URLEncoder.encode(devId, StandardCharsets.UTF_8) + "&s="
                        + in.header().sessionId(), false, cred, null);
    }

    /** The Status of the device's header (with the decision on its credentials) and of each of its commands. */
    static List<Command> statuses(String devId, SyncMLMessage in, AuthDecision decision, boolean accepted,
            int[] ids) {
        List<Command> out = new ArrayList<>();
        out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), "0", "SyncHdr",
                List.of(in.header().target().locUri()), List.of(devId), null, decision == null ? null : decision.chal(),
                decision == null ? StatusCode.OK.code() : decision.status(), List.of()));
        for (Command c : in.body().commands()) {
            if (c instanceof Status) {
                continue;
            }
            int code = !accepted ? decision.status() : c instanceof Results r && r.items().stream()
                    .anyMatch(Item::moreData) ? StatusCode.CHUNKED_ITEM_ACCEPTED.code() : StatusCode.OK.code();
            out.add(new Status(Integer.toString(++ids[0]), in.header().msgId(), c.cmdId(), c.name(), List.of(),
                    List.of(), null, null, code, List.of()));
        }
        return out;
    }

    /** Package 1: the Alert that opens a session (1200 server-initiated, 1201 client-initiated). */
    static boolean startsSession(SyncMLMessage in) {
        return in.body().commands().stream().anyMatch(c -> c instanceof Alert a
                && (a.code() == 1200 || a.code() == 1201));
    }

    /** The ./DevInfo leaves a message's Replace carries (a session's first message does), by leaf name. */
    static Map<String, String> devInfo(SyncMLMessage in) {
        Map<String, String> devInfo = new HashMap<>();
        for (Command c : in.body().commands()) {
            if (c instanceof ItemCommand ic && ic.verb() == ItemCommand.Verb.REPLACE) {
                for (Item item : ic.items()) {
                    if (item.source() != null && item.data() != null && !(item.data() instanceof Data.Tnds)
                            && item.source().locUri().startsWith("./DevInfo/")) {
                        devInfo.put(item.source().locUri().substring("./DevInfo/".length()), item.data().asText());
                    }
                }
            }
        }
        return devInfo;
    }
}
