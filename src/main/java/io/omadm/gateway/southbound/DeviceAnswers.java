package io.omadm.gateway.southbound;

import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Package 3 of a proxy-mode session: the device's Status (and Results, for a Get) to the commands it was sent,
 * stored together, with the account's server nonce when it changed. A value that comes as a large object is gathered
 * over the messages that carry it, and stored with the device's status once its last chunk is in; a chunk of the
 * gateway's own large object that the device took (213) sends the next one.
 */
final class DeviceAnswers {

    private static final Logger LOG = Logger.getLogger(DeviceAnswers.class.getName());

    /** The most a large object from a device may hold: beyond, the command ends with 413. */
    static final int MAX_INCOMING_OBJECT = 16 * 1024 * 1024;

    private final ProxyQueue queue;
    private final DeviceAccounts accounts;
    private final AccountDiscovery discovery;
    private final Consumer<ProxyCommand> answered;
    private final Clock clock;

    DeviceAnswers(ProxyQueue queue, DeviceAccounts accounts, AccountDiscovery discovery,
            Consumer<ProxyCommand> answered, Clock clock) {
        this.queue = queue;
        this.accounts = accounts;
        this.discovery = discovery;
        this.answered = answered;
        this.clock = clock;
    }

    /**
     * Stores the answers of one message.
     * @param nonces the account whose server nonce goes with the answers, or null when it did not change; stored even
     *     with no answer to go with it (the device just gave the gateway that nonce)
     * @return whether {@code nonces} were stored
     */
    boolean collect(String devId, SyncMLMessage in, ProxySession session, DeviceAccount nonces) {
        Map<String, byte[]> values = values(in, session);
        List<ProxyQueue.Answer> answers = statuses(in, session, values);
        completed(devId, session, values, answers);
        if (answers.isEmpty()) {
            if (nonces != null) {
                // alone, but in the commit other sessions' answers share (one disk write for many, not one each)
                queue.answerAll(List.of(), clock.millis(), c -> accounts.storeServerNonce(c, nonces));
            }
            return nonces != null;
        }
        for (ProxyCommand c : queue.answerAll(answers, clock.millis(), nonces == null ? c -> { }
                : c -> accounts.storeServerNonce(c, nonces))) {
            LOG.fine("device " + devId + " answered command " + c.id() + ": " + c.status());
            if (!discovery.take(c)) {
                answered.accept(c);
            }
        }
        return nonces != null;
    }

    /** The values of the message's Results by the CmdID they answer; a large object's only with its last chunk. */
    private static Map<String, byte[]> values(SyncMLMessage in, ProxySession session) {
        Map<String, byte[]> values = new HashMap<>();
        for (Command c : in.body().commands()) {
            if (!(c instanceof Results r) || r.cmdRef() == null || r.items().isEmpty()
                    || r.items().get(0).data() == null) {
                continue;
            }
            if (r.items().get(0).data() instanceof Data.Tnds) {
                // a TNDS answer (Get ?list=Struct) is markup, not a value the queue stores: its Status still counts
                LOG.warning("device " + in.header().source().locUri() + " answered command " + r.cmdRef()
                        + " with TNDS, which is not stored as its result");
                continue;
            }
            Item item = r.items().get(0);
            ProxySession.Incoming partial = session.incoming.get(r.cmdRef());
            if (!item.moreData() && partial == null) {
                values.put(r.cmdRef(), item.data().bytes());
                continue;
            }
            if (partial == null) {
                ProxyCommand asked = session.inFlight.remove(r.cmdRef());
                if (asked == null) {
                    continue;
                }
                partial = new ProxySession.Incoming(asked);
                partial.declaredSize = item.meta() != null ? item.meta().size()
                        : r.meta() != null ? r.meta().size() : null;
                session.incoming.put(r.cmdRef(), partial);
            }
            partial.bytes.writeBytes(item.data().bytes());
            if (!item.moreData()) {
                values.put(r.cmdRef(), partial.bytes.toByteArray());
            }
        }
        return values;
    }

    /** The answers the message's Status give, with their values; a chunk taken (213) sends the next one instead. */
    private static List<ProxyQueue.Answer> statuses(SyncMLMessage in, ProxySession session,
            Map<String, byte[]> values) {
        List<ProxyQueue.Answer> answers = new ArrayList<>();
        for (Command c : in.body().commands()) {
            if (!(c instanceof Status st) || st.cmd().equals("SyncHdr")) {
                continue;
            }
            ProxySession.Incoming partial = session.incoming.get(st.cmdRef());
            if (partial != null) {
                partial.status = st.code(); // held until the value's last chunk is in
                continue;
            }
            ProxyCommand sent = session.inFlight.remove(st.cmdRef());
            Integer chunk = session.chunks.remove(st.cmdRef());
            if (sent == null) {
                continue;
            }
            if (chunk != null && st.code() == StatusCode.CHUNKED_ITEM_ACCEPTED.code()) {
                session.sentBytes.merge(sent.id(), chunk, Integer::sum); // the next chunk goes out now
                continue;
            }
            int before = session.sentBytes.getOrDefault(sent.id(), 0);
            session.sentBytes.remove(sent.id());
            int code = st.code();
            if (code < 100 || code > 599) {
                // not a DM status (a client that waits for the gateway's credentials answers 0): never a result
                LOG.warning("device " + in.header().source().locUri() + " answered command " + sent.id() + " ("
                        + sent.path() + ") with status " + code + ", which is no DM status: the command ends with 500");
                code = StatusCode.COMMAND_FAILED.code();
            }
            if (chunk != null && before + chunk < sent.data().length && code < 300) {
                // a chunk with more to come taken as if it were the whole: the device holds a truncated object
                LOG.warning("device " + in.header().source().locUri() + " answered " + code + ", not 213, to a chunk"
                        + " of command " + sent.id() + " (" + sent.path() + ") with " + (sent.data().length - before
                        - chunk) + " bytes still to come: the command ends with 424");
                code = StatusCode.SIZE_MISMATCH.code();
            }
            answers.add(new ProxyQueue.Answer(sent.id(), code, values.get(st.cmdRef())));
        }
        return answers;
    }

    /** Large objects from the device whose last chunk came (or that grew too large) become answers. */
    private static void completed(String devId, ProxySession session, Map<String, byte[]> values,
            List<ProxyQueue.Answer> answers) {
        for (var it = session.incoming.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ProxySession.Incoming partial = e.getValue();
            byte[] value = values.get(e.getKey());
            if (partial.bytes.size() > MAX_INCOMING_OBJECT) {
                LOG.warning("device " + devId + " sent more than " + MAX_INCOMING_OBJECT + " bytes for "
                        + partial.command.path() + ": command " + partial.command.id() + " ends with 413");
                answers.add(new ProxyQueue.Answer(partial.command.id(), StatusCode.REQUEST_ENTITY_TOO_LARGE.code(),
                        null));
                it.remove();
            } else if (value != null) {
                boolean sizeOk = partial.declaredSize == null || partial.declaredSize == value.length;
                answers.add(new ProxyQueue.Answer(partial.command.id(), sizeOk ? (partial.status != null
                        ? partial.status : StatusCode.OK.code()) : StatusCode.SIZE_MISMATCH.code(),
                        sizeOk ? value : null));
                it.remove();
            }
        }
    }
}
