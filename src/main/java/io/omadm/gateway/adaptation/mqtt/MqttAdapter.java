package io.omadm.gateway.adaptation.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.TimeBoundAdapter;
import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * The side of the mqtt adapter route (adapters/mqtt.yaml) that speaks MQTT: one link per broker of the site
 * (gateway.mqtt.* and gateway.mqtt.brokers.*; MQTT 5 or 3.1.1), and the three ways a point is reached that its
 * address says ({@link MqttAddress}): MQTT 5 request/response, a published value kept as it arrives, and request/reply
 * on a reply topic with a correlation field. A device that answers is alive ({@link DevicePresence}).
 */
public final class MqttAdapter implements ProtocolAdapter, TimeBoundAdapter {

    private static final Logger LOG = Logger.getLogger(MqttAdapter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "${requestId}";

    private final Map<String, BrokerSettings> brokers;
    private final Map<String, MqttLink> links = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final ReconnectPolicy reconnect;
    private final DevicePresence presence;
    /** This gateway's MQTT 5 answers topic, and the ids of its requests (a prefix per start, then a counter). */
    private final String instance = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, CompletableFuture<MqttLink.Received>> pending = new ConcurrentHashMap<>();
    private final LastValues lastValues = new LastValues();
    /** Reply topics without a correlation field: one request at a time on each. */
    private final Map<String, ReentrantLock> turns = new ConcurrentHashMap<>();
    private final Map<String, MqttAddress> parsed = new ConcurrentHashMap<>();

    /** @param broker the site's one broker (gateway.mqtt.*) */
    public MqttAdapter(BrokerSettings broker, Duration timeout, ReconnectPolicy reconnect, DevicePresence presence) {
        this(List.of(broker), timeout, reconnect, presence);
    }

    /**
     * @param brokers the site's brokers by name, the default one ({@link BrokerSettings#DEFAULT}) among them
     * @param timeout how long a command may take: gives up before the dispatcher does, so the failure is reported as
     *     the adapter saw it
     */
    public MqttAdapter(List<BrokerSettings> brokers, Duration timeout, ReconnectPolicy reconnect,
            DevicePresence presence) {
        Map<String, BrokerSettings> byName = new LinkedHashMap<>();
        brokers.forEach(b -> byName.put(b.name(), b));
        this.brokers = Collections.unmodifiableMap(byName); // in the site's order: the default first
        this.timeout = timeout;
        this.reconnect = reconnect;
        this.presence = presence;
    }

    @Override
    public String protocol() {
        return "mqtt";
    }

    /** A topic to publish to, with the options of {@link MqttAddress}, on a broker the site has. */
    @Override
    public Optional<String> problem(String address) {
        Optional<String> wrong = MqttAddress.problem(address);
        if (wrong.isPresent()) {
            return wrong;
        }
        String broker = MqttAddress.parse(address).broker();
        return brokers.containsKey(broker) ? Optional.empty() : Optional.of("broker '" + broker + "' in '" + address
                + "' is not one of the site's MQTT brokers " + brokers.keySet());
    }

    /** The site's brokers, the default one first. */
    public List<BrokerSettings> brokers() {
        return List.copyOf(brokers.values());
    }

    @Override
    public Response handle(Request r) throws Exception {
        MqttAddress a = parsed.computeIfAbsent(r.address(), MqttAddress::parse);
        long deadline = System.nanoTime() + timeout.toNanos(); // one bound for all waits
        MqttLink link = link(a.broker());
        if (a.kind() == MqttAddress.Kind.PUBLISHED_VALUE) {
            if (!r.command().equals("Get")) {
                return new Response(405, null);
            }
            String key = a.broker() + " " + a.topic(); // the same topic on two brokers is two values
            link.subscribe(a.topic(), a.qos(), m -> lastValues.arrived(key, m.payload()), deadline);
            return new Response(200, lastValues.read(key, a.maxAge(), deadline));
        }
        String id = instance + "-" + Long.toString(requests.incrementAndGet(), Character.MAX_RADIX);
        MqttLink.Received answer = a.kind() == MqttAddress.Kind.REQUEST_REPLY ? requestReply(link, a, r, id, deadline)
                : requestResponse(link, a, r, id, deadline);
        presence.alive(r.devId()); // it answered: a sign of life
        int status = status(answer, r);
        if (status == 200 && a.success() != null && !succeeded(answer.payload(), a)) {
            LOG.warning("device " + r.devId() + ": " + r.command() + " " + r.path() + " answered failure on "
                    + answer.topic() + ": " + shown(answer.payload()));
            status = 500;
        }
        return new Response(status, answer.payload());
    }

    /** MQTT 5: on {@code <topic>/<verb>}, answered on this gateway's answers topic with the correlation data. */
    private MqttLink.Received requestResponse(MqttLink link, MqttAddress a, Request r, String id, long deadline)
            throws Exception {
        String answers = "gwmo/reply/" + instance;
        link.subscribe(answers, 1, this::answered, deadline);
        byte[] correlation = id.getBytes(StandardCharsets.US_ASCII);
        return exchange(link, a.topic() + "/" + verb(r.command()), a, withId(r.body(), id),
                new MqttLink.ReplyTo(answers, correlation), id, deadline);
    }

    /** MQTT 3.1.1 style: on the topic itself, answered on the reply topic, matched by a field or taken in turn. */
    private MqttLink.Received requestReply(MqttLink link, MqttAddress a, Request r, String id, long deadline)
            throws Exception {
        if (a.correlation() != null) {
            link.subscribe(a.reply(), a.qos(), m -> correlated(m, a.correlation()), deadline);
            if (r.body() == null || !new String(r.body(), StandardCharsets.UTF_8).contains(REQUEST_ID)) {
                throw new IllegalArgumentException("the point's payload has no " + REQUEST_ID + " for the device to"
                        + " echo in " + a.correlation() + " of its reply");
            }
            return exchange(link, a.topic(), a, withId(r.body(), id), null, a.reply() + "\n" + id, deadline);
        }
        String key = a.reply() + "\n";
        link.subscribe(a.reply(), a.qos(), this::inTurn, deadline);
        ReentrantLock turn = turns.computeIfAbsent(a.reply(), t -> new ReentrantLock(true));
        if (!turn.tryLock(ReconnectingLink.left(deadline), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("the requests before it on " + a.reply() + " took all of its time");
        }
        try {
            return exchange(link, a.topic(), a, withId(r.body(), id), null, key, deadline);
        } finally {
            turn.unlock();
        }
    }

    /** Publishes a request and waits for the answer that {@code key} will match. */
    private MqttLink.Received exchange(MqttLink link, String topic, MqttAddress a, byte[] body,
            MqttLink.ReplyTo replyTo, String key, long deadline) throws Exception {
        CompletableFuture<MqttLink.Received> reply = new CompletableFuture<>();
        pending.put(key, reply);
        try {
            MqttLink.Withdrawable publish = link.publish(topic, body, a.qos(), replyTo, reply::completeExceptionally,
                    deadline);
            try {
                return reply.get(ReconnectingLink.left(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                if (publish.withdraw()) { // it never went out: the command was not given
                    throw new TimeoutException("no publish slot within " + timeout.toMillis() + " ms on MQTT broker "
                            + link.broker() + ": all it takes at once stayed in flight");
                }
                throw new TimeoutException("no answer on " + (replyTo == null ? a.reply() : "the response topic")
                        + " to the request on " + topic + " within " + timeout.toMillis() + " ms");
            }
        } finally {
            pending.remove(key);
        }
    }

    private void answered(MqttLink.Received m) {
        CompletableFuture<MqttLink.Received> f = m.correlation() == null ? null
                : pending.get(new String(m.correlation(), StandardCharsets.US_ASCII));
        if (f != null) {
            f.complete(m);
        }
    }

    private void correlated(MqttLink.Received m, String pointer) {
        JsonNode id = json(m.payload()).at(pointer);
        CompletableFuture<MqttLink.Received> f = id.isValueNode() ? pending.get(m.topic() + "\n" + id.asText()) : null;
        if (f != null) {
            f.complete(m);
        } else {
            LOG.fine("a reply on " + m.topic() + " answers no request waiting: " + shown(m.payload()));
        }
    }

    private void inTurn(MqttLink.Received m) {
        CompletableFuture<MqttLink.Received> f = pending.get(m.topic() + "\n");
        if (f != null) {
            f.complete(m);
        }
    }

    private static byte[] withId(byte[] body, String id) {
        if (body == null) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(REQUEST_ID) ? text.replace(REQUEST_ID, id).getBytes(StandardCharsets.UTF_8) : body;
    }

    private static boolean succeeded(byte[] payload, MqttAddress a) {
        JsonNode v = json(payload).at(a.success());
        return v.isValueNode() && v.asText().equals(a.successValue());
    }

    private static JsonNode json(byte[] payload) {
        try {
            JsonNode n = payload == null ? null : JSON.readTree(payload);
            return n == null ? JSON.missingNode() : n;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static int status(MqttLink.Received answer, Request r) {
        if (answer.dmStatus() == null) {
            return 200;
        }
        try {
            return Integer.parseInt(answer.dmStatus().trim());
        } catch (NumberFormatException e) {
            LOG.warning("device " + r.devId() + ": " + r.path() + " answered dm-status '" + answer.dmStatus()
                    + "', not a number");
            return 500;
        }
    }

    private static String verb(String command) {
        return command.equals("Replace") ? "set" : command.toLowerCase(Locale.ROOT);
    }

    private static String shown(byte[] payload) {
        String s = payload == null ? "" : new String(payload, StandardCharsets.UTF_8);
        return (s.length() > 120 ? s.substring(0, 120) + "..." : s).replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public List<LinkState> links() {
        return links.values().stream().map(MqttLink::state).toList();
    }

    private MqttLink link(String broker) {
        BrokerSettings settings = brokers.get(broker);
        if (settings == null) {
            throw new IllegalArgumentException("no MQTT broker '" + broker + "' (gateway.mqtt.brokers." + broker
                    + ".url)");
        }
        return links.computeIfAbsent(broker, b -> settings.mqtt5() ? new Mqtt5Link(settings, timeout, reconnect)
                : new Mqtt3Link(settings, timeout, reconnect));
    }

    /**
     * Hands what arrives on {@code filter} (wildcards allowed) on every broker of the site to {@code listener} (topic,
     * payload), from now on; the brokers are connected in the background (device announcements and presence).
     */
    public void listen(String filter, BiConsumer<String, byte[]> listener) {
        for (BrokerSettings b : brokers.values()) {
            if (!b.url().isBlank()) {
                link(b.name()).subscribeInBackground(filter, 1, m -> listener.accept(m.topic(), m.payload()));
            }
        }
    }

    @Override
    public void close() {
        links.values().forEach(MqttLink::close);
    }
}
