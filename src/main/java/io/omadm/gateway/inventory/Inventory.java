package io.omadm.gateway.inventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The devices behind the gateway (GwMO-DI-001/003): registration, presence and the events they cause. Everything
 * that changes a device goes through here, so subscribers see every change once.
 *
 * <p>Presence: a device is attached while it was seen within the liveness window. After the gateway starts, a device
 * is given one whole window to show itself before it counts as detached, so a restart does not report every device
 * detached and attached again.
 */
public final class Inventory {

    private static final Logger LOG = Logger.getLogger(Inventory.class.getName());

    private final DeviceStore store;
    private final Clock clock;
    private final Duration liveness;
    private final Supplier<Mode> defaultMode;
    private final Instant startedAt;
    private final List<Consumer<InventoryEvent>> listeners = new CopyOnWriteArrayList<>();
    /** The counts, kept until a change: a summary read costs three GROUP BYs over every device. */
    private volatile InventorySummary summary;
    /**
     * Devices known attached, with when they were last seen and when that was last written. Adapters report life on
     * every exchange, thousands a second: those reports only move {@link Seen#at} here, and {@link #sweep} writes it
     * in one batch where it moved on by more than a tenth of the liveness window.
     */
    private final Map<String, Seen> attachedAt = new ConcurrentHashMap<>();

    private record Seen(long at, long written) {
    }

    public Inventory(DeviceStore store, Clock clock, Duration liveness, Supplier<Mode> defaultMode) {
        this.store = store;
        this.clock = clock;
        this.liveness = liveness;
        this.defaultMode = defaultMode;
        this.startedAt = clock.instant();
    }

    public void subscribe(Consumer<InventoryEvent> listener) {
        listeners.add(listener);
    }

    public DeviceStore store() {
        return store;
    }

    public Optional<DeviceRecord> find(String devId) {
        return store.find(devId);
    }

    /** Drops the cached counts, e.g. after devices were imported into the database directly. */
    public void refreshSummary() {
        summary = null;
    }

    /** GwMO-DI-002: counts by status, mode and model. */
    public InventorySummary summary() {
        InventorySummary s = summary;
        if (s == null) {
            s = store.summary();
            summary = s;
        }
        return s;
    }

    /**
     * Adds a device, or updates the facts of one already known (a registration that changes nothing writes nothing).
     * A device without an identifier gets a gateway-local DevId derived from its protocol and address, so it is the
     * same record when it announces itself again.
     *
     * @return the record as stored, and whether it is new
     */
    public synchronized Registered register(Registration r) {
        String devId = idOf(r);
        Optional<DeviceRecord> known = store.find(devId);
        DeviceRecord rec = merged(r, devId, known);
        if (known.isPresent() && rec.equals(known.get())) {
            // nothing new (every Sparkplug device after a broker restart, an MQTT device announcing itself again):
            // no write, no cache dropped
            return new Registered(rec, false);
        }
        changed().save(rec);
        if (known.isEmpty()) {
            LOG.info("device " + devId + " registered (" + rec.mode().value() + ", " + rec.protocol() + ")");
            publish(InventoryEvent.Change.REGISTERED, rec);
        }
        return new Registered(rec, known.isEmpty());
    }

    /**
     * Registers devices that show themselves live now, in one write however many they are (a Sparkplug edge node's
     * births; every device of a site after a broker restart): each as {@link #register} then {@link #seen} would, with
     * the same events, but one transaction for all. Devices that change nothing and were seen a moment ago cost no
     * write. A registration with a field too long is left out, with a log line naming the device.
     *
     * @return the records as stored, in the order given (less those left out)
     */
    public synchronized List<Registered> registerLive(List<Registration> registrations) {
        Map<String, DeviceRecord> known = store.find(registrations.stream().map(Inventory::idOf).toList());
        Map<String, DeviceRecord> writes = new LinkedHashMap<>();
        List<Registered> out = new ArrayList<>();
        List<InventoryEvent> events = new ArrayList<>();
        Instant now = clock.instant();
        for (Registration r : registrations) {
            String devId = idOf(r);
            DeviceRecord before = writes.containsKey(devId) ? writes.get(devId) : known.get(devId);
            DeviceRecord rec;
            try {
                rec = merged(r, devId, Optional.ofNullable(before));
            } catch (IllegalArgumentException tooLong) { // the others are still registered
                LOG.warning("device " + devId + ": " + tooLong.getMessage());
                continue;
            }
            boolean wasAttached = rec.status() == Presence.ATTACHED;
            if (rec.status() != Presence.PENDING && !(wasAttached && rec.lastSeen() != null
                    && isRecent(rec.lastSeen().toEpochMilli()))) {
                rec = rec.withStatus(Presence.ATTACHED, now);
            }
            if (rec.status() == Presence.ATTACHED) {
                long at = rec.lastSeen().toEpochMilli();
                attachedAt.merge(devId, new Seen(at, at), (old, fresh) -> old.at() >= at ? old : fresh);
            }
            if (before == null) {
                events.add(new InventoryEvent(InventoryEvent.Change.REGISTERED, rec, now));
            }
            if (!wasAttached && rec.status() == Presence.ATTACHED) {
                events.add(new InventoryEvent(InventoryEvent.Change.ATTACHED, rec, now));
            }
            if (before == null || !rec.equals(before)) {
                writes.put(devId, rec);
            }
            out.add(new Registered(rec, before == null));
        }
        if (!writes.isEmpty()) {
            changed().saveAll(writes.values());
        }
        logRegistered(events);
        events.forEach(this::publish);
        return out;
    }

    /** One line for a batch of new devices (thousands after a site's broker restart), naming the first ten. */
    private static void logRegistered(List<InventoryEvent> events) {
        List<DeviceRecord> fresh = events.stream().filter(e -> e.change() == InventoryEvent.Change.REGISTERED)
                .map(InventoryEvent::device).toList();
        if (fresh.size() == 1) {
            DeviceRecord d = fresh.get(0);
            LOG.info("device " + d.devId() + " registered (" + d.mode().value() + ", " + d.protocol() + ")");
        } else if (!fresh.isEmpty()) {
            LOG.info(fresh.size() + " devices registered: " + String.join(", ", fresh.stream().limit(10)
                    .map(d -> d.devId() + " (" + d.mode().value() + ", " + d.protocol() + ")").toList())
                    + (fresh.size() > 10 ? " and " + (fresh.size() - 10) + " more" : ""));
        }
    }

    /** The DevId a registration is recorded under: its own, or one derived from its protocol and address. */
    private static String idOf(Registration r) {
        return r.devId() != null && !r.devId().isBlank() ? r.devId().trim() : localId(r);
    }

    /** The record a registration makes of the known one (or of a fresh one); IllegalArgumentException if too long. */
    private DeviceRecord merged(Registration r, String devId, Optional<DeviceRecord> known) {
        r.tooLong().ifPresent(problem -> {
            throw new IllegalArgumentException("device not registered, a field is too long: " + problem);
        });
        DeviceRecord base = known.orElseGet(() -> {
            DeviceRecord fresh = DeviceRecord.of(devId, r.mode() != null ? r.mode() : defaultMode.get());
            return r.devId() == null || r.devId().isBlank()
                    ? new DeviceRecord(fresh.devId(), fresh.nodeName(), true, null, null, null, fresh.mode(), null,
                    fresh.status(), null, null, null, Set.of(), null, null, null)
                    : fresh;
        });
        DeviceRecord rec = base.withFacts(r.man(), r.model(), r.fwV(), r.protocol(), r.address(), r.publicAddress(),
                r.profile());
        if (!r.serverIds().isEmpty()) {
            rec = rec.withServerIds(r.serverIds());
        }
        if (r.authName() != null || r.authSecret() != null) {
            rec = rec.withCredentials(r.authName(), r.authSecret());
        }
        if (known.isPresent() && r.mode() != null) {
            rec = rec.withMode(r.mode());
        }
        if (rec.status() == Presence.PENDING && r.authSecret() != null) {
            rec = rec.withStatus(Presence.DETACHED, null); // given an account: accepted
            LOG.info("device " + devId + " accepted: it was given credentials");
        }
        return rec;
    }

    /** A registration's outcome. */
    public record Registered(DeviceRecord device, boolean isNew) {
    }

    /**
     * A device that announced itself and waits to be accepted: recorded (so the operator and the DM server see it,
     * announced as any new device), pending, in proxy mode. Only for a DevId the inventory does not hold.
     *
     * @return the pending record, or empty when the DevId is taken (then nothing changed)
     */
    public synchronized Optional<DeviceRecord> registerPending(String devId, String man, String model) {
        if (store.find(devId).isPresent()) {
            return Optional.empty();
        }
        DeviceRecord fresh = DeviceRecord.of(devId, Mode.PROXY).withFacts(man, model, null, "omadm", null, null, null)
                .withStatus(Presence.PENDING, clock.instant());
        changed().save(fresh);
        LOG.info("device " + devId + " announced itself: pending until an operator or the DM server accepts it");
        publish(InventoryEvent.Change.REGISTERED, fresh);
        return Optional.of(fresh);
    }

    /** Accepts a pending device (detached until its next session); empty when the device is not pending. */
    public synchronized Optional<DeviceRecord> accept(String devId) {
        Optional<DeviceRecord> known = store.find(devId).filter(d -> d.status() == Presence.PENDING);
        known.ifPresent(d -> {
            changed().save(d.withStatus(Presence.DETACHED, d.lastSeen()));
            LOG.info("device " + devId + " accepted");
        });
        return known.map(d -> d.withStatus(Presence.DETACHED, d.lastSeen()));
    }

    /** The device showed a sign of life now (a session, an MQTT birth, a connection): attached. */
    public synchronized Optional<DeviceRecord> seen(String devId) {
        Optional<DeviceRecord> known = store.find(devId);
        known.filter(d -> d.status() != Presence.PENDING).ifPresent(d -> { // a pending device is not attached
            if (d.status() == Presence.ATTACHED && d.lastSeen() != null && isRecent(d.lastSeen().toEpochMilli())) {
                long at = d.lastSeen().toEpochMilli();
                attachedAt.merge(devId, new Seen(at, at), (old, fresh) -> old);
                return; // seen a moment ago: spare the write
            }
            DeviceRecord updated = d.withStatus(Presence.ATTACHED, clock.instant());
            // a device already attached changes no count: the cached summary stays
            (d.status() == Presence.ATTACHED ? store : changed()).save(updated);
            long at = updated.lastSeen().toEpochMilli();
            attachedAt.put(devId, new Seen(at, at));
            if (d.status() != Presence.ATTACHED) {
                publish(InventoryEvent.Change.ATTACHED, updated);
            }
        });
        return known;
    }

    /**
     * A sign of life from an adapter (an answer, a live connection): as {@link #seen}, but for a device known attached
     * neither the lock nor the database: its lastSeen is written by the next {@link #sweep} (a crash loses at most a
     * sweep interval of it, which the grace after a start covers).
     */
    public void alive(String devId) {
        long now = clock.millis();
        // computeIfPresent, not get-then-put: a detach that removes the entry meanwhile must not be undone here
        if (attachedAt.computeIfPresent(devId, (k, s) -> new Seen(Math.max(s.at(), now), s.written())) == null) {
            seen(devId);
        }
    }

    /** Within a tenth of the liveness window: a newer lastSeen would not change whether the device is attached. */
    private boolean isRecent(long seenAt) {
        return seenAt > clock.millis() - liveness.toMillis() / 10;
    }

    /** Writes the lastSeen of devices whose signs of life moved it on by a tenth of the window or more. */
    public synchronized void writeSeen() {
        long granularity = liveness.toMillis() / 10;
        Map<String, Long> due = new HashMap<>();
        attachedAt.forEach((id, s) -> {
            if (s.at() - s.written() >= granularity) {
                due.put(id, s.at());
            }
        });
        if (!due.isEmpty()) {
            store.touch(due);
            due.forEach((id, at) -> attachedAt.computeIfPresent(id, (k, s) -> new Seen(s.at(), Math.max(s.written(),
                    at))));
        }
    }

    /** The device said it is gone (an MQTT last will, a closed connection): detached now. */
    public synchronized void gone(String devId) {
        Seen last = attachedAt.remove(devId);
        store.find(devId).filter(d -> d.status() == Presence.ATTACHED).ifPresent(d -> {
            Instant lastSeen = last == null || (d.lastSeen() != null && d.lastSeen().toEpochMilli() >= last.at())
                    ? d.lastSeen() : Instant.ofEpochMilli(last.at());
            DeviceRecord updated = d.withStatus(Presence.DETACHED, lastSeen);
            changed().save(updated);
            publish(InventoryEvent.Change.DETACHED, updated);
        });
    }

    /**
     * Writes the lastSeen that adapters' signs of life moved on, then detaches attached devices silent for longer than
     * the liveness window (never within a window of the start).
     */
    public synchronized int sweep() {
        writeSeen();
        Instant cutoff = clock.instant().minus(liveness);
        if (cutoff.isBefore(startedAt)) {
            return 0; // the grace after a start: every device gets a whole window to show itself
        }
        int n = 0;
        for (DeviceRecord d : store.attachedNotSeenSince(cutoff.toEpochMilli())) {
            attachedAt.remove(d.devId());
            DeviceRecord updated = d.withStatus(Presence.DETACHED, d.lastSeen());
            changed().save(updated);
            publish(InventoryEvent.Change.DETACHED, updated);
            n++;
        }
        return n;
    }

    /** GwMO-MOO-001: the server (or operator) moves a device to another mode. */
    public synchronized Optional<DeviceRecord> changeMode(String devId, Mode mode) {
        return store.find(devId).map(d -> {
            if (d.mode() == mode) {
                return d;
            }
            DeviceRecord updated = d.withMode(mode);
            changed().save(updated);
            publish(InventoryEvent.Change.MODE_CHANGED, updated);
            return updated;
        });
    }

    public synchronized boolean remove(String devId) {
        attachedAt.remove(devId);
        Optional<DeviceRecord> d = store.find(devId);
        if (d.isEmpty() || !changed().delete(devId)) {
            return false;
        }
        publish(InventoryEvent.Change.REMOVED, d.get());
        return true;
    }

    /** The store, for a write: the cached summary is dropped first. */
    private DeviceStore changed() {
        summary = null;
        return store;
    }

    private void publish(InventoryEvent.Change change, DeviceRecord d) {
        publish(new InventoryEvent(change, d, clock.instant()));
    }

    private void publish(InventoryEvent e) {
        for (Consumer<InventoryEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "an inventory listener failed on " + e.change() + " of " + e.device().devId(),
                        ex);
            }
        }
    }

    /** A stable gateway-local DevId for a device without one: from what identifies it on the LAN. */
    static String localId(Registration r) {
        String basis = (r.protocol() == null ? "" : r.protocol()) + "|" + (r.address() == null ? "" : r.address());
        if (basis.equals("|")) {
            throw new IllegalArgumentException("a device without a DevId needs a protocol and address to be known by");
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "local-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
