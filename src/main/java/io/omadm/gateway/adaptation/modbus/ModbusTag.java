package io.omadm.gateway.adaptation.modbus;

import io.omadm.gateway.adaptation.AddressOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a point reads or writes on a Modbus device, as its address's tag says (addresses 1-based, as PLC manuals and
 * PLC4X count them: {@code holding-register:1} is register 0 on the wire):
 * <ul>
 *   <li>{@code holding-register|input-register:<n>[:<type>]} with type INT (int16, the default), UINT, DINT (int32),
 *       UDINT, LINT (int64), ULINT, REAL (float32), LREAL (float64), BOOL (non-zero), or {@code STRING[<registers>]}
 *       (two characters a register, ASCII/UTF-8, padded with NULs);</li>
 *   <li>{@code holding-register|input-register:<n>.<bit>}: one bit (0 the lowest) of a register;</li>
 *   <li>{@code coil|discrete-input:<n>[:BOOL]}.</li>
 * </ul>
 */
record ModbusTag(Area area, int start, String type, int registers, int bit) {

    /** The four Modbus data areas; coils and holding registers can be written. */
    enum Area {
        HOLDING("holding-register", true, false), INPUT("input-register", false, false),
        COIL("coil", true, true), DISCRETE("discrete-input", false, true);

        final String written;
        final boolean writable;
        final boolean bits;

        Area(String written, boolean writable, boolean bits) {
            this.written = written;
            this.writable = writable;
            this.bits = bits;
        }
    }

    /** Registers each type takes. */
    static final Map<String, Integer> SIZES = Map.of("BOOL", 1, "INT", 1, "UINT", 1, "DINT", 2, "UDINT", 2,
            "REAL", 2, "LINT", 4, "ULINT", 4, "LREAL", 4);
    static final List<String> TYPES = List.of("INT", "UINT", "DINT", "UDINT", "LINT", "ULINT", "REAL", "LREAL", "BOOL",
            "STRING[n]");
    /** The most registers one read may ask for (Modbus: 125). */
    static final int MAX_REGISTERS = 125;

    private static final Pattern TAG = Pattern.compile(
            "(holding-register|input-register|coil|discrete-input):([0-9]{1,5})(?:\\.([0-9]{1,2}))?(?::([A-Za-z]+)"
            + "(?:\\[([0-9]{1,3})])?)?");

    /** The tag parsed; IllegalArgumentException saying what is wrong with it and what there is. */
    static ModbusTag parse(String tag) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            throw wrong(tag, "");
        }
        Area area = area(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || n > 65536) {
            throw wrong(tag, ": addresses count from 1 to 65536");
        }
        String type = m.group(4) == null ? (area.bits ? "BOOL" : "INT") : m.group(4).toUpperCase(Locale.ROOT);
        if (m.group(3) != null) { // a bit of a register
            int bit = Integer.parseInt(m.group(3));
            if (area.bits || bit > 15 || m.group(4) != null && !type.equals("BOOL")) {
                throw wrong(tag, ": a bit is <register>.<0..15> of a holding or input register, a BOOL");
            }
            return new ModbusTag(area, n - 1, "BOOL", 1, bit);
        }
        if (area.bits) {
            if (!type.equals("BOOL") || m.group(5) != null) {
                throw wrong(tag, ": a coil or a discrete input is a BOOL");
            }
            return new ModbusTag(area, n - 1, type, 1, -1);
        }
        if (type.equals("STRING")) {
            int registers = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            if (registers < 1 || registers > MAX_REGISTERS) {
                throw wrong(tag, ": STRING[n] takes n registers, 1 to " + MAX_REGISTERS);
            }
            return new ModbusTag(area, n - 1, type, registers, -1);
        }
        Integer size = SIZES.get(type);
        if (size == null || m.group(5) != null) {
            throw wrong(tag, "");
        }
        return new ModbusTag(area, n - 1, type, size, -1);
    }

    private static Area area(String written) {
        for (Area a : Area.values()) {
            if (a.written.equals(written)) {
                return a;
            }
        }
        throw new IllegalArgumentException(written);
    }

    private static IllegalArgumentException wrong(String tag, String why) {
        return new IllegalArgumentException("'" + tag + "' is not a Modbus tag this adapter knows" + why
                + " (holding-register|input-register:<n>[:" + String.join("|", TYPES) + "], "
                + "holding-register|input-register:<n>.<bit>, coil|discrete-input:<n>; n from 1)");
    }

    static Optional<String> problem(String tag) {
        return AddressOptions.problem(tag, ModbusTag::parse);
    }

    /** The register or bit after the last one this tag covers. */
    int end() {
        return start + registers;
    }

    boolean isBitOfRegister() {
        return bit >= 0;
    }
}
