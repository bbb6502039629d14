package io.omadm.gateway.adaptation.modbus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;

/**
 * A DM value written to a Modbus tag (Jazzer): a tag the adapter takes and any text end in a value that fits the tag's
 * type, or a BadValue (the PLC is not asked). A tag it does not take is named as such, never an exception.
 */
class ModbusValuesFuzzTest {

    private static final String[] AREAS = {"holding-register", "input-register", "coil", "discrete-input"};
    private static final String[] TYPES = {"", ":BOOL", ":INT", ":UINT", ":DINT", ":REAL", ":LREAL", ":X"};

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aValueFitsItsTagOrIsRefused(FuzzedDataProvider data) {
        String tag = data.consumeBoolean() ? data.consumeString(40)
                : data.pickValue(AREAS) + ":" + data.consumeInt(0, 70000) + data.pickValue(TYPES);
        String value = data.consumeRemainingAsString();
        if (ModbusValues.problem(tag).isPresent()) {
            return;
        }
        Object typed;
        try {
            typed = ModbusValues.typed(tag, value);
        } catch (ModbusValues.BadValue refused) {
            return;
        }
        String type = ModbusValues.type(tag);
        switch (type) {
            case "BOOL" -> assertTrue(typed instanceof Boolean && value.trim().matches("(?i)true|false|1|0"), value);
            case "UINT" -> assertTrue((Integer) typed >= 0 && (Integer) typed <= 0xFFFF, value);
            default -> assertTrue(typed != null);
        }
        assertTrue(!ModbusValues.format(typed).isEmpty());
    }
}
