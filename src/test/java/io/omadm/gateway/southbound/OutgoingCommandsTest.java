package io.omadm.gateway.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.ItemCommand;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands a session sends, from the queue on a real H2 file: the queue is read again only when something can
 * have changed for the session (a command queued since, one left for the next message). Commands sent again after
 * the device refused the gateway: {@code SouthboundAuthCases}, the device that waits for the gateway's credentials.
 */
class OutgoingCommandsTest {

    @TempDir
    Path dir;

    private Database db;
    private ProxyQueue queue;
    private final AtomicInteger reads = new AtomicInteger();
    private OutgoingCommands outgoing;

    @BeforeEach
    void open() {
        db = Database.open(Database.h2Url(dir), "sa", "", 2);
        ProxyQueue real = new JdbcProxyQueue(db.dataSource(), id -> { });
        // the real queue, its reads of a device's pending commands counted
        queue = (ProxyQueue) Proxy.newProxyInstance(ProxyQueue.class.getClassLoader(), new Class<?>[] {
            ProxyQueue.class}, (p, m, args) -> {
                if (m.getName().equals("pending")) {
                    reads.incrementAndGet();
                }
                try {
                    return m.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        outgoing = new OutgoingCommands(queue, c -> { }, ProxyCommand::data, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theQueueIsReadAgainOnlyWhenACommandWasQueuedSince() {
        ProxySession session = new ProxySession("1", DeviceAccount.defaults("dev-1"));
        queue.enqueue("dev-1", "Get", "./A", null, null, null, 1);
        queue.enqueue("dev-1", "Get", "./B", null, null, null, 1);
        assertEquals(List.of("./A", "./B"), send(session));
        answerAll(session);

        assertEquals(List.of(), send(session));
        assertEquals(1, reads.get(), "everything read went out and nothing was queued since: no second read");

        queue.enqueue("other-device", "Get", "./X", null, null, null, 2);
        queue.enqueue("dev-1", "Replace", "./C", "3".getBytes(StandardCharsets.UTF_8), "chr", null, 2);
        assertEquals(List.of("./C"), send(session), "a command queued during the session goes out in it");
        assertEquals(2, reads.get());
    }

    @Test
    void aCommandLeftForTheNextMessageIsReadAgain() {
        ProxySession session = new ProxySession("1", DeviceAccount.defaults("dev-2"));
        for (int i = 0; i < OutgoingCommands.COMMANDS_PER_MESSAGE + 1; i++) {
            queue.enqueue("dev-2", "Get", "./V" + i, null, null, null, 1);
        }
        assertEquals(OutgoingCommands.COMMANDS_PER_MESSAGE, send(session).size());
        answerAll(session);
        assertEquals(List.of("./V" + OutgoingCommands.COMMANDS_PER_MESSAGE), send(session));
    }

    @Test
    void aCommandTakenOutOfAMessageTooLargeForTheDeviceGoesInTheNext() {
        ProxySession session = new ProxySession("1", DeviceAccount.defaults("dev-3"));
        queue.enqueue("dev-3", "Get", "./A", null, null, null, 1);
        queue.enqueue("dev-3", "Get", "./B", null, null, null, 1);
        List<Command> out = new ArrayList<>();
        outgoing.sendQueued("dev-3", session, out, new int[] {0});
        assertTrue(outgoing.shrink(session, out, 10), "the last command waits");
        assertEquals(1, out.size());
        answerAll(session);
        assertEquals(List.of("./B"), send(session));
    }

    /** What one message carries: the targets of the commands sent. */
    private List<String> send(ProxySession session) {
        List<Command> out = new ArrayList<>();
        outgoing.sendQueued(session.account.devId(), session, out, new int[] {0});
        return out.stream().map(c -> ((ItemCommand) c).items().get(0).target().locUri()).toList();
    }

    /** The device answers everything in flight with 200. */
    private void answerAll(ProxySession session) {
        queue.answerAll(session.inFlight.values().stream().map(c -> new ProxyQueue.Answer(c.id(), 200, null))
                .toList(), 3, c -> { });
        session.inFlight.clear();
    }
}
