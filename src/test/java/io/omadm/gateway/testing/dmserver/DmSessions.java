package io.omadm.gateway.testing.dmserver;

import static org.awaitility.Awaitility.await;

import io.omadm.gateway.northbound.SessionRunner;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Whole northbound DM sessions driven from a test through the gateway's SessionRunner and DmServerResource. */
public final class DmSessions {

    private DmSessions() {
    }

    /**
     * One session in which the server sends {@code commands}; returns the gateway's Status (but the SyncHdr's) and
     * Results from it. Waits for any session already running to end first, so scripts do not cross.
     */
    public static List<Command> session(SessionRunner sessions, Command... commands) {
        ScriptedDmServer server = DmServerResource.server;
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.lastResult().isPresent());
        int before = server.exchanges().size();
        server.script(in -> ScriptedDmServer.Reply.of(commands));
        sessions.request("test");
        await().atMost(Duration.ofSeconds(30)).until(server::scriptFinished);
        List<Command> out = new ArrayList<>();
        List<ScriptedDmServer.Exchange> all = List.copyOf(server.exchanges()); // a later session may be adding
        all.subList(before, all.size()).forEach(e -> e.request().body().commands()
                .stream().filter(c -> (c instanceof Status s && !s.cmd().equals("SyncHdr")) || c instanceof Results)
                .forEach(out::add));
        server.script();
        return out;
    }

    /** The codes of the Status for commands named {@code cmd}, in order. */
    public static List<Integer> codes(List<Command> out, String cmd) {
        return out.stream().filter(c -> c instanceof Status s && s.cmd().equals(cmd)).map(c -> ((Status) c).code())
                .toList();
    }

    /** Every Results item as "uri=value", the URI without {@code prefix}, space-separated. */
    public static String values(List<Command> out, String prefix) {
        return out.stream().filter(c -> c instanceof Results).flatMap(c -> ((Results) c).items().stream())
                .map(i -> i.source().locUri().replace(prefix, "") + "=" + i.data().asText())
                .collect(Collectors.joining(" "));
    }

    public static ItemCommand replace(String uri, String format, String value) {
        return new ItemCommand(Verb.REPLACE, "1", false, null, Meta.format(format), null,
                List.of(new Item(Location.of(uri), null, null, Data.text(value), false)));
    }
}
