package io.omadm.gateway.adaptation.modbus;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ConnectionProbe;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.link.DeviceLink;
import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.modbus.ModbusValues.BadValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The Modbus side of the modbus adapter route (adapters/modbus.yaml), with j2mod: Modbus TCP, RTU over TCP and RTU on
 * a serial line. A point's address is {@code <endpoint>|<tag>}: the device ({@link ModbusEndpoint}: where, unit id,
 * byte order) and what it reads or writes ({@link ModbusTag}). Get reads, Replace writes (typed by the tag,
 * {@link ModbusValues}), Exec pulses a coil (true, then false) or writes the command's value to a register. The
 * devices of one bus share it in strict turns, reads coalesced ({@link ModbusBus}).
 */
public final class ModbusAdapter implements ProtocolAdapter, ConnectionProbe {

    private static final Logger LOG = Logger.getLogger(ModbusAdapter.class.getName());

    private final Duration timeout;
    private final ReconnectPolicy reconnect;
    private final DevicePresence presence;
    private final Map<String, ModbusBus> buses = new ConcurrentHashMap<>();
    private final Map<String, ModbusEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, ModbusTag> tags = new ConcurrentHashMap<>();
    /** Runs each busy bus's turns: a thread while a bus has requests, none while it has not. */
    private final ExecutorService turns = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "modbus-bus");
        t.setDaemon(true);
        return t;
    });

    /** @param timeout how long a command may take: gives up before the dispatcher does, so a lost PLC is reported */
    public ModbusAdapter(Duration timeout, ReconnectPolicy reconnect, DevicePresence presence) {
        this.timeout = timeout;
        this.reconnect = reconnect;
        this.presence = presence;
    }

    @Override
    public String protocol() {
        return "modbus";
    }

    @Override
    public Optional<String> problem(String address) {
        int bar = address.lastIndexOf('|');
        if (bar <= 0) {
            return Optional.of("'" + address + "' is not <host:port>|<tag>, e.g. {address}|holding-register:1:INT");
        }
        Optional<String> endpoint = ModbusEndpoint.problem(address.substring(0, bar));
        return endpoint.isPresent() ? endpoint : ModbusTag.problem(address.substring(bar + 1));
    }

    @Override
    public Response handle(Request r) throws Exception {
        int bar = r.address().lastIndexOf('|');
        if (bar <= 0) {
            throw new IllegalArgumentException("modbus address '" + r.address() + "' is not <host:port>|<tag>");
        }
        ModbusEndpoint device = endpoints.computeIfAbsent(r.address().substring(0, bar), ModbusEndpoint::parse);
        ModbusTag tag = tags.computeIfAbsent(r.address().substring(bar + 1), ModbusTag::parse);
        ModbusBus.Op op;
        try {
            op = op(r, device, tag);
        } catch (BadValue e) {
            // the server's value does not fit the register: the device is not asked and stays as it was
            return new Response(400, e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
        if (op == null) {
            return new Response(405, (tag.area().written + " cannot be written").getBytes(StandardCharsets.UTF_8));
        }
        int[] read;
        try {
            read = await(bus(device).submit(op), device);
        } catch (ModbusBus.Refused e) {
            // an exception answer: from the device, or from a TCP gateway or a slave whose device is gone; presence
            // is left as it was, and the next request has a new connection
            LOG.warning("device " + r.devId() + ": " + r.command() + " " + r.path() + " (" + tag.area().written + ":"
                    + (tag.start() + 1) + ") refused: " + e.getMessage());
            return new Response(500, e.getMessage().getBytes(StandardCharsets.UTF_8));
        } catch (DeviceLink.LinkBusyException e) {
            throw e; // the gateway's queue, not the device
        } catch (Exception e) {
            presence.gone(r.devId()); // the connection to the device is lost
            throw e;
        }
        presence.alive(r.devId()); // DI-003: an answer is a sign of life
        return op.isRead() ? new Response(200, text(tag, read, device).getBytes(StandardCharsets.UTF_8))
                : new Response(200, null);
    }

    /** The request for a command; null when the tag cannot be written. */
    private ModbusBus.Op op(Request r, ModbusEndpoint device, ModbusTag tag) throws BadValue {
        long deadline = System.nanoTime() + timeout.toNanos();
        String value = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        ModbusBus.Write write;
        int[] words = null;
        switch (r.command()) {
            case "Get" -> write = null;
            case "Replace", "Exec" -> {
                if (!tag.area().writable) {
                    return null;
                }
                if (tag.area().bits) {
                    boolean pulse = r.command().equals("Exec");
                    write = pulse ? ModbusBus.Write.PULSE : ModbusBus.Write.COIL;
                    words = pulse ? null : new int[] {ModbusValues.bool(value) ? 1 : 0};
                } else if (tag.isBitOfRegister()) {
                    write = ModbusBus.Write.BIT_OF_REGISTER;
                    words = new int[] {ModbusValues.bool(value) ? 1 : 0};
                } else {
                    write = ModbusBus.Write.REGISTERS;
                    words = ModbusValues.encode(tag, value, device.byteOrder());
                }
            }
            default -> {
                return null;
            }
        }
        return new ModbusBus.Op(device.unitId(), tag, write, words, device.maxGap(), deadline,
                new CompletableFuture<>());
    }

    private static String text(ModbusTag tag, int[] read, ModbusEndpoint device) {
        return tag.area().bits ? Boolean.toString(read[0] != 0) : ModbusValues.decode(tag, read, device.byteOrder());
    }

    private int[] await(CompletableFuture<int[]> answer, ModbusEndpoint device) throws Exception {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from " + device.bus() + " unit " + device.unitId() + " within "
                    + timeout.toMillis() + " ms");
        }
    }

    private ModbusBus bus(ModbusEndpoint device) {
        return buses.computeIfAbsent(device.bus(), b -> new ModbusBus(device, timeout, reconnect, turns));
    }

    /**
     * The device answers a read of the point (an exception answer counts: it is there). Without a point only the
     * connection can be judged. A bus busy with commands is judged by its connection: they report presence.
     */
    @Override
    public boolean reachable(String pointAddress) {
        int bar = pointAddress.lastIndexOf('|');
        try {
            ModbusEndpoint device = endpoints.computeIfAbsent(bar > 0 ? pointAddress.substring(0, bar)
                    : pointAddress, ModbusEndpoint::parse);
            ModbusBus bus = bus(device);
            if (bus.busy()) {
                return bus.isOpen();
            }
            ModbusTag tag = bar > 0 ? tags.computeIfAbsent(pointAddress.substring(bar + 1), ModbusTag::parse)
                    : ModbusTag.parse("holding-register:1");
            await(bus.submit(new ModbusBus.Op(device.unitId(), tag, null, null, device.maxGap(),
                    System.nanoTime() + timeout.toNanos(), new CompletableFuture<>())), device);
            return true;
        } catch (ModbusBus.Refused e) {
            return true;
        } catch (Exception e) {
            LOG.fine("Modbus device " + pointAddress + " not reachable: " + e.getMessage());
            return false;
        }
    }

    @Override
    public List<LinkState> links() {
        return buses.values().stream().map(ModbusBus::state).toList();
    }

    @Override
    public void close() {
        buses.values().forEach(ModbusBus::close);
        turns.shutdownNow();
    }
}
