package io.omadm.gateway.adaptation.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omadm.gateway.testing.FuzzLimits;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;

/**
 * A DM value written to an OPC UA node (Jazzer): any text ends in the Java value Milo encodes as the node's type, or
 * a BadValue (the server is not asked); a value accepted reads back as itself once parsed again.
 */
class OpcUaValuesFuzzTest {

    @FuzzTest(maxExecutions = FuzzLimits.EXECUTIONS, maxDuration = FuzzLimits.DURATION)
    void aValueIsTheNodesTypeOrRefused(FuzzedDataProvider data) throws Exception {
        OpcUaDataType type = data.pickValue(OpcUaDataType.values());
        String value = data.consumeRemainingAsString();
        Object parsed;
        try {
            parsed = OpcUaValues.parse(type, value);
        } catch (OpcUaValues.BadValue refused) {
            return;
        }
        if (type != OpcUaDataType.String) {
            assertEquals(parsed, OpcUaValues.parse(type, OpcUaValues.format(parsed)), type + " " + value);
        }
    }
}
