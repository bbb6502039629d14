package io.omadm.gateway.southbound;

import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.syncml.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * B.3 relay: a server's command on a proxy-mode device's Tree is queued for the device, and the server waits up to
 * gateway.proxy.wait for the device's answer in its next session. When it does not come in time the command is
 * answered 202 and the device's answer, whenever it comes (after a restart too: it is marked in the queue), goes to
 * the server as a ProxyResult Generic Alert naming the node, and stays readable under the device's commands.
 */
public final class ProxyRelay {

    private static final Logger LOG = Logger.getLogger(ProxyRelay.class.getName());

    /** The outcome for the server: the device's status and, for a Get, its value; or 202. */
    public record Outcome(int status, byte[] value, String message) {
    }

    private final ProxyQueue queue;
    private final Duration wait;
    private final Duration expiry;
    private final Duration retention;
    private final Clock clock;
    private final Map<Long, CompletableFuture<ProxyCommand>> waiting = new ConcurrentHashMap<>();
    private volatile Consumer<String> wakeUp = devId -> { };

    public ProxyRelay(ProxyQueue queue, Duration wait, Duration expiry, Duration retention, Clock clock) {
        this.queue = queue;
        this.wait = wait;
        this.expiry = expiry;
        this.retention = retention;
        this.clock = clock;
    }

    public ProxyQueue queue() {
        return queue;
    }

    /** What wakes a device that has a command waiting ({@link WakeUp}); by default nothing does. */
    public void wakeUpWith(Consumer<String> w) {
        this.wakeUp = w;
    }

    /** Queues a command for the device's next session and wakes the device; the command's id. */
    public long submit(String devId, String verb, String devicePath, byte[] data, String format) {
        return submit(devId, verb, devicePath, data, format, null);
    }

    /** {@link #submit(String, String, String, byte[], String)} with the server's Correlator (an Exec's). */
    public long submit(String devId, String verb, String devicePath, byte[] data, String format, String correlator) {
        long id = queue.enqueue(devId, verb, devicePath, data, format, correlator, clock.millis());
        wakeUp.accept(devId);
        return id;
    }

    /**
     * Ends the commands a device has not answered within gateway.proxy.expiry (it never came, the wake-up did not
     * reach it) with 408, reported like any answer: a ProxyResult alert when the server was answered 202. How many.
     */
    public int expire() {
        Duration maxAge = expiry;
        long now = clock.millis();
        int n = 0;
        List<ProxyCommand> stale;
        do {
            stale = queue.unansweredSince(now - maxAge.toMillis(), 500);
            for (ProxyCommand c : stale) {
                Optional<ProxyCommand> ended = queue.answer(c.id(), StatusCode.REQUEST_TIMEOUT.code(), null, now);
                if (ended.isPresent()) {
                    n++;
                    answered(ended.get());
                }
            }
        } while (stale.size() == 500);
        if (n > 0) {
            LOG.warning(n + " proxy command(s) not answered within " + maxAge + " ended with 408");
        }
        return n;
    }

    /**
     * Deletes the answered commands older than gateway.proxy.retention (queued before it: an answer comes at most
     * gateway.proxy.expiry after its command), a thousand at a time; how many.
     */
    public int purge() {
        long cutoff = clock.millis() - retention.toMillis();
        int n = 0;
        int deleted;
        do {
            deleted = queue.purgeAnsweredBefore(cutoff, 1000);
            n += deleted;
        } while (deleted == 1000);
        if (n > 0) {
            LOG.info(n + " answered proxy command(s) older than " + retention + " deleted");
        }
        return n;
    }

    /**
     * @param uri the server's node (./GwMO/DevInventory/&lt;x&gt;/Tree/...), named by a later ProxyResult
     * @param correlator the server's Correlator (an Exec's), carried by a later ProxyResult; may be null
     */
    public Outcome run(String devId, String verb, String devicePath, byte[] data, String format, String uri,
            String correlator) {
        CompletableFuture<ProxyCommand> answer = new CompletableFuture<>();
        long id = submit(devId, verb, devicePath, data, format, correlator);
        waiting.put(id, answer);
        try {
            return outcome(answer.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            if (queue.reportLater(id, uri)) {
                return new Outcome(StatusCode.ACCEPTED.code(), null, devId + " has not answered within "
                        + wait.toSeconds() + " s: its answer follows as a ProxyResult alert (command " + id + ")");
            }
            return outcome(queue.find(id).orElseThrow()); // it answered just now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(StatusCode.COMMAND_FAILED.code(), null, "interrupted");
        } catch (ExecutionException e) {
            return new Outcome(StatusCode.COMMAND_FAILED.code(), null, String.valueOf(e.getCause()));
        } finally {
            waiting.remove(id);
        }
    }

    private static Outcome outcome(ProxyCommand c) {
        return new Outcome(c.status(), c.result(), null);
    }

    /**
     * The device answered a command (called by its session, once the answer is stored): to the server waiting for
     * it. A server answered 202 gets a ProxyResult alert instead, queued with the answer
     * ({@link ProxyQueue#answerAll}).
     */
    public void answered(ProxyCommand c) {
        CompletableFuture<ProxyCommand> f = waiting.get(c.id());
        if (f != null) {
            f.complete(c);
        }
    }

    static GenericAlert alert(ProxyCommand c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", c.id());
        body.put("devId", c.devId());
        body.put("op", c.verb());
        body.put("path", c.path());
        body.put("status", c.status());
        if (c.result() != null) {
            body.put("data", new String(c.result(), StandardCharsets.UTF_8));
            body.put("b64", Base64.getEncoder().encodeToString(c.result()));
        }
        return GenericAlert.json(c.correlator(), c.reportUri(), GwmoNames.ALERT_PROXY_RESULT, body);
    }
}
