package io.omadm.gateway.adaptation.modbus;

import io.omadm.gateway.adaptation.AdapterTransport.Request;
import io.omadm.gateway.adaptation.AdapterTransport.Response;
import io.omadm.gateway.adaptation.ConnectionProbe;
import io.omadm.gateway.adaptation.DevicePresence;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.link.DeviceLink;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import io.omadm.gateway.adaptation.modbus.ModbusValues.BadValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcDriverManager;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;

/**
 * The Modbus TCP side of the modbus adapter route (adapters/modbus.yaml), through PLC4X. A point's address is
 * {@code <host:port[?unit-id=N&byte-order=CDAB]>|<PLC4X tag>} ({@link ModbusEndpoint}; tags
 * {@code holding-register:1:INT}, {@code coil:3}, ...; addresses are 1-based). Get
 * reads, Replace writes (typed by the tag, {@link ModbusValues}), Exec pulses a coil (true, then false) or writes the
 * command's value to a register. One request at a time per connection, as PLCs and serial gateways need, with at most
 * 16 waiting ({@link DeviceLink}); beyond that a command fails at once, naming the device.
 */
public final class ModbusAdapter implements ProtocolAdapter, ConnectionProbe {

    private static final Logger LOG = Logger.getLogger(ModbusAdapter.class.getName());
    private static final int QUEUE = 16;

    private final Duration timeout;
    private final ReconnectPolicy reconnect;
    private final DevicePresence presence;
    private final Map<String, DeviceLink<PlcConnection>> links = new ConcurrentHashMap<>();

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
        return endpoint.isPresent() ? endpoint : ModbusValues.problem(address.substring(bar + 1));
    }

    @Override
    public Response handle(Request r) throws Exception {
        int bar = r.address().lastIndexOf('|');
        if (bar <= 0) {
            throw new IllegalArgumentException("modbus address '" + r.address() + "' is not <host:port>|<tag>");
        }
        String tag = r.address().substring(bar + 1);
        DeviceLink<PlcConnection> link = link(r.address().substring(0, bar));
        Object written;
        try {
            written = written(r, tag);
        } catch (BadValue e) {
            // the server's value does not fit the register: the device is not asked and stays as it was
            return new Response(400, e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
        Response answer;
        try {
            answer = link.call(timeout, c -> run(c, r.command(), tag, written));
        } catch (Exception e) {
            presence.gone(r.devId()); // the connection to the device is lost
            throw e;
        }
        presence.alive(r.devId()); // DI-003: a live connection is a sign of life
        return answer;
    }

    /** The value a Replace or Exec writes, typed before the device is asked; null for a Get or a coil pulse. */
    private static Object written(Request r, String tag) throws BadValue {
        boolean writes = r.command().equals("Replace") || r.command().equals("Exec") && !tag.startsWith("coil:");
        String value = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8).trim();
        return writes ? ModbusValues.typed(tag, value) : null;
    }

    private Response run(PlcConnection c, String command, String tag, Object written) throws Exception {
        switch (command) {
            case "Get" -> {
                return new Response(200, ModbusValues.format(read(c, tag)).getBytes(StandardCharsets.UTF_8));
            }
            case "Replace" -> write(c, tag, written);
            case "Exec" -> {
                if (written == null) { // a coil: pulsed
                    write(c, tag, Boolean.TRUE);
                    write(c, tag, Boolean.FALSE);
                } else {
                    write(c, tag, written);
                }
            }
            default -> {
                return new Response(405, null);
            }
        }
        return new Response(200, null);
    }

    /**
     * The slave answers a read of the point (a Modbus exception answer does not count: PLC4X gives one for a slave
     * that went away, see ModbusAdapterTest). Without a point only the TCP connection can be judged.
     */
    @Override
    public boolean reachable(String pointAddress) {
        int bar = pointAddress.lastIndexOf('|');
        DeviceLink<PlcConnection> link = link(bar > 0 ? pointAddress.substring(0, bar) : pointAddress);
        if (link.busy()) {
            return link.isOpen(); // busy with commands, which report presence themselves
        }
        try {
            return link.call(timeout, c -> {
                if (bar > 0) {
                    read(c, pointAddress.substring(bar + 1));
                }
                return true;
            });
        } catch (Exception e) {
            LOG.fine("Modbus slave " + link.name() + " not reachable: " + e.getMessage());
            return false;
        }
    }

    private DeviceLink<PlcConnection> link(String endpoint) {
        return links.computeIfAbsent(endpoint, e -> new DeviceLink<>(e, new DeviceLink.Connector<>() {
            @Override
            public PlcConnection open() throws Exception {
                return PlcDriverManager.getDefault().getConnectionManager().getConnection(
                        ModbusEndpoint.parse(e).connectionString());
            }

            @Override
            public boolean isOpen(PlcConnection c) {
                return c.isConnected();
            }

            @Override
            public void close(PlcConnection c) throws Exception {
                c.close();
            }
        }, reconnect, 1, QUEUE, Clock.systemUTC()));
    }

    private Object read(PlcConnection c, String tag) throws Exception {
        PlcReadResponse r = c.readRequestBuilder().addTagAddress("v", tag).build().execute()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        check(r.getResponseCode("v"), tag);
        return r.getObject("v");
    }

    private void write(PlcConnection c, String tag, Object v) throws Exception {
        PlcWriteResponse r = c.writeRequestBuilder().addTagAddress("v", tag, v).build().execute()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        check(r.getResponseCode("v"), tag);
    }

    private static void check(PlcResponseCode code, String tag) {
        // not proof the PLC is there: with the slave stopped, PLC4X answered INVALID_ADDRESS (ModbusAdapterTest)
        if (code != PlcResponseCode.OK) {
            throw new IllegalStateException(tag + ": the PLC answered " + code);
        }
    }

    @Override
    public void close() {
        links.values().forEach(DeviceLink::close);
    }
}
