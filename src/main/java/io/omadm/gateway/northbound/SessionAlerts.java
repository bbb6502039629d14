package io.omadm.gateway.northbound;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.syncml.SyncMLMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The queued Generic Alerts one session carries (GwMO-DI-004, FORA-002): taken from the queue for Package 1, followed
 * to the message and CmdID they went out with, acknowledged when the server answers 200 or 202, offered again later
 * when it refuses one or the session ends before it answered.
 */
final class SessionAlerts {

    private static final Logger LOG = Logger.getLogger(SessionAlerts.class.getName());

    private final AlertQueue alerts;
    private final Clock clock;
    private final String serverId;
    /** The Generic Alert commands of Package 1, to the queue entries they carry. */
    private final Map<Command, Long> queuedAlerts = new IdentityHashMap<>();
    /** "msgId:cmdId" of each alert sent, to its queue entry, until the server's Status for it arrives. */
    private final Map<String, Long> awaitingStatus = new HashMap<>();
    /** Queue entries sent and not yet answered: at the end they are offered again later. */
    private final Set<Long> unanswered = new LinkedHashSet<>();

    SessionAlerts(AlertQueue alerts, Clock clock, String serverId) {
        this.alerts = alerts;
        this.clock = clock;
        this.serverId = serverId;
    }

    /** The alerts due now, at most {@code max}, as commands for Package 1. */
    List<Command> due(int max) {
        List<Command> out = new ArrayList<>();
        for (AlertQueue.Queued q : alerts.due(clock.instant(), max)) {
            Alert a = GenericAlerts.toCommand(q.alert());
            queuedAlerts.put(a, q.id());
            unanswered.add(q.id());
            out.add(a);
        }
        return out;
    }

    /** A command goes out in message {@code msgId} as {@code cmdId}: if it carries an alert, its Status is awaited. */
    void sending(Command c, int msgId, String cmdId) {
        Long alertId = queuedAlerts.get(c);
        if (alertId != null) {
            awaitingStatus.put(msgId + ":" + cmdId, alertId);
        }
    }

    /** The server's Status for alerts sent: taken (200, 202) leave the queue, refused are offered again later. */
    void acknowledge(SyncMLMessage in) {
        List<Long> taken = new ArrayList<>();
        List<Long> refused = new ArrayList<>();
        for (Command c : in.body().commands()) {
            if (c instanceof Status s) {
                Long id = awaitingStatus.remove(s.msgRef() + ":" + s.cmdRef());
                if (id == null) {
                    continue;
                }
                if (s.code() == StatusCode.OK.code() || s.code() == StatusCode.ACCEPTED.code()) {
                    taken.add(id);
                } else {
                    LOG.warning("DM server " + serverId + " answered " + s.code() + " to Generic Alert " + id
                            + "; it stays queued");
                    refused.add(id);
                }
            }
        }
        if (!taken.isEmpty()) {
            alerts.acknowledge(taken);
            taken.forEach(unanswered::remove);
        }
        if (!refused.isEmpty()) {
            alerts.retryLater(refused, clock.instant());
            refused.forEach(unanswered::remove);
        }
    }

    /** At the session's end: alerts the server never answered are offered again later. */
    void unansweredLater() {
        if (!unanswered.isEmpty()) {
            alerts.retryLater(List.copyOf(unanswered), clock.instant());
        }
    }
}
