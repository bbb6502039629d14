package io.omadm.gateway.southbound;

import io.omadm.gateway.persistence.GroupCommit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The commands waiting for proxy-mode devices, durable from the moment they are queued: a restart between the
 * server's command and the device's next session loses nothing. The contract:
 * <ul>
 * <li>A command is answered once: a second answer to it (a device repeating its message, an expiry racing the
 * device) is ignored, and the command comes back as it was stored first.</li>
 * <li>A device's answers to one message, the write of another store that goes with them ({@link SameTransaction}),
 * and the ProxyResult alert of each command the server was answered 202 for are one transaction: after a crash
 * either all of them are stored or none, and the device answers again in its next session.</li>
 * <li>{@link #answerAll} is durable when it returns, before the device reads the gateway's answer.</li>
 * </ul>
 */
public interface ProxyQueue {

    /** The group commit storing the devices' answers (metrics: answers per commit). */
    GroupCommit commits();

    /** Queues a command; its id. */
    long enqueue(String devId, String verb, String path, byte[] data, String format, String correlator,
            long now);

    /** A device's unanswered commands, oldest first. */
    List<ProxyCommand> pending(String devId);

    /**
     * A number that changes whenever a command is queued for the device (and sometimes for another device): the same
     * number before two reads of {@link #pending} says nothing was queued for it in between.
     */
    long queueMark(String devId);

    /** A device's commands, newest first. */
    List<ProxyCommand> of(String devId, int limit);

    /** Unanswered commands queued before {@code cutoff}, oldest first, at most {@code limit}. */
    List<ProxyCommand> unansweredSince(long cutoff, int limit);

    /** Whether a command with this correlator was ever queued for the device (answered or not). */
    boolean hasQueued(String devId, String correlator);

    Optional<ProxyCommand> find(long id);

    /** One command's answer ({@link #answerAll}); the command as stored now, or empty when it was answered already. */
    Optional<ProxyCommand> answer(long id, int status, byte[] result, long now);

    /** A device's answer to one command, for {@link #answerAll}. */
    record Answer(long id, int status, byte[] result) {
    }

    /** A write of another store's that must commit with the answers (one commit, not two). */
    interface SameTransaction {
        void write(Connection c) throws SQLException;
    }

    /**
     * The device's answers to the commands of one message, with {@code also} in the same transaction; the commands
     * they answered, as stored now. A command answered already is left as it was and not returned. A command the
     * server was answered 202 for (its report URI set) gets its ProxyResult alert queued in the same transaction: the
     * answer is stored if and only if its alert is. Durable when it returns; answers of several devices' sessions
     * arriving together share one commit ({@link GroupCommit}).
     */
    List<ProxyCommand> answerAll(List<Answer> answers, long now, SameTransaction also);

    /**
     * Deletes up to {@code limit} commands answered and queued before {@code cutoff}, oldest first; how many. Portable
     * SQL (no DELETE ... LIMIT): the ids to go are chosen by a bounded SELECT.
     */
    int purgeAnsweredBefore(long cutoff, int limit);

    /**
     * The server was not answered in time: the device's answer is to go to it as a ProxyResult alert naming
     * {@code uri}. False when the device answered meanwhile (the answer is then the server's at once).
     */
    boolean reportLater(long id, String uri);
}
