package io.omadm.gateway.app;

import io.omadm.gateway.adaptation.AddressSyntax;
import io.omadm.gateway.adaptation.ConnectionProbe;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.northbound.Backoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.apache.camel.Message;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcDriverManager;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;

/**
 * The Modbus TCP side of the modbus adapter route (adapters/modbus.yaml), through PLC4X. A point's address is
 * {@code <host:port>|<PLC4X tag>} ({@code holding-register:1:INT}, {@code coil:3}, ...; addresses are 1-based). Get
 * reads, Replace writes (typed by the tag: BOOL, INT, UINT, DINT, REAL), Exec pulses a coil (true, then false) or
 * writes the command's value to a register. One request at a time per device connection, as PLCs and serial gateways
 * need, with at most 16 waiting; beyond that a command fails at once, naming the device. A failed connection
 * is closed and made again on the next command, after a backoff.
 */
@ApplicationScoped
@Named("modbusAdapter")
public class ModbusAdapter implements ConnectionProbe, AddressSyntax {

    private static final Logger LOG = Logger.getLogger(ModbusAdapter.class.getName());
    private static final int QUEUE = 16;
    /** The PLC4X tags this adapter reads and writes: area, 1-based address, optional type it can convert. */
    private static final Pattern TAG = Pattern.compile(
            "(holding-register|input-register):[1-9][0-9]*(:(INT|UINT|DINT|REAL|BOOL))?"
                    + "|(coil|discrete-input):[1-9][0-9]*(:BOOL)?");

    private final long timeoutMillis;
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    /** One device connection and its turn-taking. */
    private static final class Link {
        final String url;
        final Semaphore turn = new Semaphore(1, true);
        final AtomicInteger waiting = new AtomicInteger();
        PlcConnection connection;
        int failures;
        Instant retryAfter = Instant.EPOCH;

        Link(String url) {
            this.url = url;
        }

        PlcConnection connection() throws Exception {
            if (connection != null && connection.isConnected()) {
                return connection;
            }
            if (Instant.now().isBefore(retryAfter)) {
                throw new IllegalStateException("reconnecting to " + url + " after " + failures + " failures");
            }
            connection = PlcDriverManager.getDefault().getConnectionManager().getConnection(url);
            return connection;
        }

        void failed() {
            failures++;
            retryAfter = Instant.now().plus(Backoff.after(failures).dividedBy(5)); // 1 s, 2 s, 4 s ... 2 min
            PlcConnection broken = connection;
            connection = null;
            if (broken != null) {
                // closing a dead connection can block for long: not on the command's time
                CompletableFuture.runAsync(() -> {
                    try {
                        broken.close();
                    } catch (Exception e) {
                        LOG.fine("closing " + url + ": " + e.getMessage());
                    }
                });
            }
        }
    }

    private final Inventory inventory;

    public ModbusAdapter(GatewayConfig config, Inventory inventory) {
        // give up before the dispatcher does, so a lost PLC is reported (and detached) as such, not as a timeout
        this.timeoutMillis = config.adapters().timeout().toMillis() * 4 / 5;
        this.inventory = inventory;
    }

    public void handle(Message m) throws Exception {
        String address = m.getHeader("DmAddress", String.class);
        int bar = address.lastIndexOf('|');
        if (bar <= 0) {
            throw new IllegalArgumentException("modbus address '" + address + "' is not <host:port>|<tag>");
        }
        String endpoint = address.substring(0, bar);
        String tag = address.substring(bar + 1);
        Link link = links.computeIfAbsent(endpoint, e -> new Link("modbus-tcp://" + e));
        if (link.waiting.incrementAndGet() > QUEUE + 1) { // the one in service and QUEUE waiting
            link.waiting.decrementAndGet();
            throw new IllegalStateException("the request queue for " + endpoint + " is full (" + QUEUE + " waiting)");
        }
        try {
            if (!link.turn.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("no turn on " + endpoint + " within " + timeoutMillis + " ms");
            }
            String devId = m.getHeader("DmDeviceId", String.class);
            try {
                run(link, m, tag);
                link.failures = 0;
                inventory.alive(devId); // DI-003: a live connection is a sign of life
            } catch (BadValue e) {
                // the server's value does not fit the register: the device was not asked and stays as it was
                m.setHeader("DmStatus", 400);
                m.setBody(e.getMessage().getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                inventory.gone(devId); // the connection to the device is lost
                link.failed();
                throw e;
            } finally {
                link.turn.release();
            }
        } finally {
            link.waiting.decrementAndGet();
        }
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
        String tag = address.substring(bar + 1);
        return TAG.matcher(tag).matches() ? Optional.empty() : Optional.of("'" + tag + "' is not a Modbus tag this "
                + "adapter knows: holding-register|input-register:<n>[:INT|UINT|DINT|REAL|BOOL] or "
                + "coil|discrete-input:<n>, n from 1");
    }

    /**
     * The slave answers a read of the point (a Modbus exception answer does not count: PLC4X gives one for a slave
     * that went away, see ModbusAdapterTest). Without a point only the TCP connection can be judged.
     */
    @Override
    public boolean reachable(String pointAddress) {
        int bar = pointAddress.lastIndexOf('|');
        String endpoint = bar > 0 ? pointAddress.substring(0, bar) : pointAddress;
        Link link = links.computeIfAbsent(endpoint, e -> new Link("modbus-tcp://" + e));
        try {
            if (!link.turn.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                // busy with commands, which report presence themselves: say what the connection looks like
                PlcConnection c = link.connection;
                return c != null && c.isConnected();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            PlcConnection c = link.connection();
            if (bar > 0) {
                read(c, pointAddress.substring(bar + 1));
            }
            link.failures = 0;
            return true;
        } catch (Exception e) {
            LOG.fine("Modbus slave " + endpoint + " not reachable: " + e.getMessage());
            link.failed();
            return false;
        } finally {
            link.turn.release();
        }
    }

    private void run(Link link, Message m, String tag) throws Exception {
        PlcConnection c = link.connection();
        String command = m.getHeader("DmCommand", String.class);
        byte[] body = m.getBody(byte[].class);
        String value = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
        switch (command) {
            case "Get" -> m.setBody(String.valueOf(read(c, tag)).getBytes(StandardCharsets.UTF_8));
            case "Replace" -> write(c, tag, typed(tag, value));
            case "Exec" -> {
                if (tag.startsWith("coil:")) {
                    write(c, tag, Boolean.TRUE);
                    write(c, tag, Boolean.FALSE);
                } else {
                    write(c, tag, typed(tag, value));
                }
            }
            default -> {
                m.setHeader("DmStatus", 405);
                return;
            }
        }
        m.setHeader("DmStatus", 200);
    }

    private Object read(PlcConnection c, String tag) throws Exception {
        PlcReadResponse r = c.readRequestBuilder().addTagAddress("v", tag).build().execute()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        check(r.getResponseCode("v"), tag);
        return r.getObject("v");
    }

    private void write(PlcConnection c, String tag, Object v) throws Exception {
        PlcWriteResponse r = c.writeRequestBuilder().addTagAddress("v", tag, v).build().execute()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        check(r.getResponseCode("v"), tag);
    }

    /** The DM value cannot be written as the tag's data type. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    private static void check(PlcResponseCode code, String tag) {
        // not proof the PLC is there: with the slave stopped, PLC4X answered INVALID_ADDRESS (ModbusAdapterTest)
        if (code != PlcResponseCode.OK) {
            throw new IllegalStateException(tag + ": the PLC answered " + code);
        }
    }

    /** A DM value as the Java type PLC4X writes for the tag's data type. */
    static Object typed(String tag, String v) throws BadValue {
        try {
            return parse(tag, v);
        } catch (NumberFormatException e) {
            throw new BadValue("'" + v + "' does not fit " + tag);
        }
    }

    private static Object parse(String tag, String v) {
        String type = tag.contains(":") && tag.split(":").length >= 3 ? tag.split(":")[2].toUpperCase(Locale.ROOT)
                : tag.startsWith("coil:") || tag.startsWith("discrete-input:") ? "BOOL" : "INT";
        return switch (type) {
            case "BOOL" -> Boolean.parseBoolean(v);
            case "INT" -> Short.parseShort(v);
            case "UINT", "DINT" -> Integer.parseInt(v);
            case "REAL" -> Float.parseFloat(v);
            default -> throw new IllegalArgumentException("tag type " + type + " is not BOOL, INT, UINT, DINT or REAL");
        };
    }

    @PreDestroy
    void close() {
        links.values().forEach(Link::failed);
    }
}
