package io.omadm.gateway.adaptation.modbus;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.omadm.gateway.adaptation.link.DeviceLink;
import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.adaptation.link.ReconnectPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Modbus bus: a TCP connection (to a device or a gateway with several unit ids behind it) or a serial line, and
 * every device on it. Requests take strict turns in arrival order, one on the wire at a time, whichever device they
 * are for; at most {@link #QUEUE} wait for each device (unit id), more are refused at once. Reads waiting in line
 * together, up to the next write, are coalesced: for each unit and data area, adjacent or overlapping ranges become one
 * request of at most 125 registers (2000 bits), and each read takes its part of the answer; should the device refuse
 * the joint request, each read is asked alone. A request whose caller has given up is not sent.
 */
final class ModbusBus {

    static final int QUEUE = 16;
    private static final int MAX_BITS = 2000;

    /** A device's exception answer (illegal address, ...): the device is there, the request was refused. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * One request on the bus; a read completes with the words (or one bit as {@code {0|1}}) it asked for. A read may
     * be joined with others across at most {@code maxGap} registers (or bits) that none of them asks for.
     */
    record Op(int unit, ModbusTag tag, Write write, int[] words, int maxGap, long deadline,
            CompletableFuture<int[]> done) {
        boolean isRead() {
            return write == null;
        }
    }

    enum Write { REGISTERS, BIT_OF_REGISTER, COIL, PULSE }

    private final ModbusEndpoint endpoint;
    private final DeviceLink<AbstractModbusMaster> link;
    private final Duration timeout;
    private final Executor runner;
    private final Queue<Op> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inLine = new AtomicInteger();
    /** Requests in line for each unit id. */
    private final Map<Integer, AtomicInteger> inLineFor = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    ModbusBus(ModbusEndpoint endpoint, Duration timeout, ReconnectPolicy reconnect, Executor runner) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.runner = runner;
        this.link = new DeviceLink<>(endpoint.bus(), new DeviceLink.Connector<>() {
            @Override
            public AbstractModbusMaster open() throws Exception {
                return connect();
            }

            @Override
            public boolean isOpen(AbstractModbusMaster m) {
                return m.isConnected();
            }

            @Override
            public void close(AbstractModbusMaster m) {
                m.disconnect();
            }
        }, reconnect, 1, Integer.MAX_VALUE / 2, Clock.systemUTC());
    }

    String name() {
        return endpoint.bus();
    }

    private AbstractModbusMaster connect() throws Exception {
        int millis = (int) Math.max(1, timeout.toMillis());
        AbstractModbusMaster m;
        if (endpoint.transport() == ModbusEndpoint.Transport.SERIAL_RTU) {
            ModbusEndpoint.SerialSettings s = endpoint.serial();
            SerialParameters p = new SerialParameters();
            p.setPortName(endpoint.where());
            p.setBaudRate(s.baud());
            p.setDatabits(s.dataBits());
            p.setStopbits(s.stopBits());
            p.setParity(s.parity());
            p.setEncoding("rtu");
            p.setEcho(false);
            m = new ModbusSerialMaster(p, millis);
        } else {
            m = new ModbusTCPMaster(endpoint.host(), endpoint.port(), millis, false,
                    endpoint.transport() == ModbusEndpoint.Transport.RTU_OVER_TCP);
        }
        m.setRetries(0); // a lost device is reported, and the link reconnects with backoff
        m.connect();
        return m;
    }

    /** Queues a request; the future completes when it has been on the wire, or fails saying why not. */
    CompletableFuture<int[]> submit(Op op) throws DeviceLink.LinkBusyException {
        AtomicInteger forUnit = inLineFor.computeIfAbsent(op.unit(), u -> new AtomicInteger());
        if (forUnit.incrementAndGet() > 1 + QUEUE) {
            forUnit.decrementAndGet();
            throw new DeviceLink.LinkBusyException("the request queue for " + name() + (inLineFor.size() > 1
                    ? " unit " + op.unit() : "") + " is full (" + QUEUE + " waiting)");
        }
        inLine.incrementAndGet();
        queue.add(op);
        if (draining.compareAndSet(false, true)) {
            runner.execute(this::drain);
        }
        return op.done();
    }

    /**
     * Answers a request; it leaves the line first, so that its caller may queue the next at once. Only the drain
     * answers, once per request (a batch that failed answers those of its requests not answered yet).
     */
    private void done(Op op, int[] value) {
        if (!op.done().isDone()) {
            leftLine(op);
            op.done().complete(value);
        }
    }

    private void failed(Op op, Throwable e) {
        if (!op.done().isDone()) {
            leftLine(op);
            op.done().completeExceptionally(e);
        }
    }

    private void leftLine(Op op) {
        inLine.decrementAndGet();
        inLineFor.get(op.unit()).decrementAndGet();
    }

    /** Whether a request is on the wire or waiting. */
    boolean busy() {
        return inLine.get() > 0;
    }

    LinkState state() {
        return link.state("modbus");
    }

    boolean isOpen() {
        return link.isOpen();
    }

    /** Runs what is queued, a batch at a time, until the queue is empty; one drain at a time per bus. */
    private void drain() {
        try {
            for (List<Op> batch = next(); !batch.isEmpty(); batch = next()) {
                runOnLink(batch);
            }
        } finally {
            draining.set(false);
            if (!queue.isEmpty() && draining.compareAndSet(false, true)) { // queued after the last look
                runner.execute(this::drain);
            }
        }
    }

    private void runOnLink(List<Op> batch) {
        try {
            link.call(timeout, m -> {
                run(m, batch);
                return null;
            });
        } catch (Exception e) { // the connection failed or is down: every request of the batch with it
            batch.forEach(op -> failed(op, e));
        }
    }

    /** The reads at the head of the queue up to the next write, or that write alone; given-up requests dropped. */
    private List<Op> next() {
        List<Op> batch = new ArrayList<>();
        for (Op op = queue.peek(); op != null; op = queue.peek()) {
            if (System.nanoTime() - op.deadline() > 0) {
                queue.poll();
                failed(op, new TimeoutException("no turn on " + name() + " in time"));
                continue;
            }
            if (!op.isRead() && !batch.isEmpty()) {
                break;
            }
            batch.add(queue.poll());
            if (!op.isRead()) {
                break;
            }
        }
        return batch;
    }

    /**
     * Runs a batch. A TCP connection on which the device answered with an exception is then closed (every request
     * of the batch answered first): a Modbus TCP gateway whose device went away, or a slave shutting down, keeps
     * answering exceptions on the old connection, and a new one costs little. A serial line stays open.
     */
    private void run(AbstractModbusMaster m, List<Op> batch) throws Exception {
        boolean refused = false;
        if (!batch.get(0).isRead()) {
            Op w = batch.get(0);
            try {
                write(m, w);
                done(w, null);
            } catch (ModbusSlaveException e) {
                failed(w, new Refused(e.getMessage()));
                refused = true;
            }
        } else {
            for (List<Op> span : spans(batch)) {
                refused |= readSpan(m, span);
            }
        }
        if (refused && endpoint.transport() != ModbusEndpoint.Transport.SERIAL_RTU) {
            throw new Refused("a Modbus exception answer: the connection is made again for the next request");
        }
    }

    /** Reads a span and answers its requests; true when the device refused some of them. */
    private boolean readSpan(AbstractModbusMaster m, List<Op> span) throws Exception {
        try {
            answer(span, read(m, span));
            return false;
        } catch (ModbusSlaveException e) {
            if (span.size() == 1) {
                failed(span.get(0), new Refused(e.getMessage()));
                return true;
            }
        }
        for (Op alone : span) { // which of them the device refuses
            try {
                answer(List.of(alone), read(m, List.of(alone)));
            } catch (ModbusSlaveException refused) {
                failed(alone, new Refused(refused.getMessage()));
            }
        }
        return true;
    }

    /**
     * Reads grouped by unit and area, each group's adjacent or overlapping ranges joined up to the limit, and ranges
     * apart by no more than the gap both reads allow.
     */
    static List<List<Op>> spans(List<Op> reads) {
        Map<String, List<Op>> groups = new LinkedHashMap<>();
        for (Op op : reads) {
            groups.computeIfAbsent(op.unit() + " " + op.tag().area(), k -> new ArrayList<>()).add(op);
        }
        List<List<Op>> spans = new ArrayList<>();
        for (List<Op> group : groups.values()) {
            group.sort(Comparator.comparingInt(op -> op.tag().start()));
            int limit = group.get(0).tag().area().bits ? MAX_BITS : ModbusTag.MAX_REGISTERS;
            List<Op> span = new ArrayList<>();
            int from = 0;
            int to = 0;
            int gap = 0;
            for (Op op : group) {
                if (!span.isEmpty() && (op.tag().start() > to + Math.min(gap, op.maxGap())
                        || Math.max(to, op.tag().end()) - from > limit)) {
                    spans.add(span);
                    span = new ArrayList<>();
                }
                if (span.isEmpty()) {
                    from = op.tag().start();
                    to = op.tag().end();
                    gap = op.maxGap();
                }
                span.add(op);
                to = Math.max(to, op.tag().end());
                gap = Math.min(gap, op.maxGap());
            }
            spans.add(span);
        }
        return spans;
    }

    /** One request for a span: its words, or its bits as 0 and 1. */
    private static int[] read(AbstractModbusMaster m, List<Op> span) throws Exception {
        Op first = span.get(0);
        int from = first.tag().start();
        int count = span.stream().mapToInt(op -> op.tag().end()).max().orElseThrow() - from;
        int unit = first.unit();
        return switch (first.tag().area()) {
            case HOLDING -> values(m.readMultipleRegisters(unit, from, count));
            case INPUT -> values(m.readInputRegisters(unit, from, count));
            case COIL -> bits(m.readCoils(unit, from, count), count);
            case DISCRETE -> bits(m.readInputDiscretes(unit, from, count), count);
        };
    }

    private void answer(List<Op> span, int[] values) {
        int from = span.get(0).tag().start();
        for (Op op : span) {
            int[] part = new int[op.tag().registers()];
            System.arraycopy(values, op.tag().start() - from, part, 0, part.length);
            done(op, part);
        }
    }

    private static int[] values(InputRegister[] registers) {
        int[] v = new int[registers.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = registers[i].toUnsignedShort();
        }
        return v;
    }

    private static int[] bits(BitVector bits, int count) {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = bits.getBit(i) ? 1 : 0;
        }
        return v;
    }

    private static void write(AbstractModbusMaster m, Op w) throws Exception {
        int unit = w.unit();
        int at = w.tag().start();
        switch (w.write()) {
            case COIL -> m.writeCoil(unit, at, w.words()[0] != 0);
            case PULSE -> {
                m.writeCoil(unit, at, true);
                m.writeCoil(unit, at, false);
            }
            case BIT_OF_REGISTER -> { // read, change the one bit, write: no other request comes in between
                int old = m.readMultipleRegisters(unit, at, 1)[0].toUnsignedShort();
                int mask = 1 << w.tag().bit();
                m.writeSingleRegister(unit, at, new SimpleRegister(w.words()[0] != 0 ? old | mask : old & ~mask));
            }
            case REGISTERS -> {
                if (w.words().length == 1) {
                    m.writeSingleRegister(unit, at, new SimpleRegister(w.words()[0]));
                } else {
                    Register[] r = new Register[w.words().length];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = new SimpleRegister(w.words()[i]);
                    }
                    m.writeMultipleRegisters(unit, at, r); // function 16: the words in the device's order
                }
            }
        }
    }

    void close() {
        link.close();
    }
}
