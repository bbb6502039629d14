package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;

/**
 * A DM value written to a Modbus tag (Jazzer): a tag the adapter takes, any byte order and any text end in as many
 * 16-bit words as the tag's type takes, reading back as what was written, or in a BadValue (the PLC is not asked). A
 * tag it does not take is named as such, never an exception.
 */
class ModbusValuesFuzzTest {

    private static final String[] AREAS = {"holding-register", "input-register", "coil", "discrete-input"};
    private static final String[] TYPES = {"", ":BOOL", ":INT", ":UINT", ":DINT", ":UDINT", ":LINT", ":ULINT",
        ":REAL", ":LREAL", ":STRING[3]", ".4", ":X"};
    private static final String[] ORDERS = {"ABCD", "CDAB", "BADC", "DCBA"};

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aValueFitsItsTagOrIsRefusedAndReadsBackAsWritten(FuzzedDataProvider data) throws ModbusValues.BadValue {
        String written = data.consumeBoolean() ? data.consumeString(40)
                : data.pickValue(AREAS) + ":" + data.consumeInt(0, 70000) + data.pickValue(TYPES);
        String order = data.pickValue(ORDERS);
        String value = data.consumeRemainingAsString();
        if (ModbusTag.problem(written).isPresent()) {
            return;
        }
        ModbusTag tag = ModbusTag.parse(written);
        if (tag.area().bits || tag.isBitOfRegister()) {
            return; // a bit: true/false/1/0 (ModbusValues.bool), nothing to encode
        }
        int[] words;
        try {
            words = ModbusValues.encode(tag, value, order);
        } catch (ModbusValues.BadValue refused) {
            return;
        }
        assertEquals(tag.registers(), words.length, written);
        for (int w : words) {
            assertTrue(w >= 0 && w <= 0xFFFF, "a word is 16 bits: " + w);
        }
        String read = ModbusValues.decode(tag, words, order);
        assertEquals(read, ModbusValues.decode(tag, ModbusValues.encode(tag, read, order), order), "stable: " + value);
        if (tag.type().equals("INT") || tag.type().equals("DINT") || tag.type().equals("LINT")) {
            assertEquals(new java.math.BigInteger(value.trim()).toString(), read, "an integer reads back as written");
        }
    }
}
