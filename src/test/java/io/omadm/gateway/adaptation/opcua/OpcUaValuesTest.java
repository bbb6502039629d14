package io.omadm.gateway.adaptation.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omadm.gateway.adaptation.opcua.OpcUaValues.BadValue;
import io.omadm.gateway.testing.CsvCases;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpcUaValuesTest {

    /** A row of src/test/resources/adaptation/opcua-values.csv. */
    static Stream<Arguments> cases() {
        return CsvCases.of("/adaptation/opcua-values.csv");
    }

    @ParameterizedTest(name = "{0} <- [{1}]")
    @MethodSource("cases")
    void dmTextBecomesTheNodesBuiltInTypeOrIsRefused(String type, String value, String expected) throws BadValue {
        OpcUaDataType dataType = OpcUaDataType.valueOf(type);
        if (expected.equals("refused")) {
            assertThrows(BadValue.class, () -> OpcUaValues.parse(dataType, value));
            return;
        }
        assertEquals(expected, String.valueOf(OpcUaValues.parse(dataType, value)));
    }

    @Test
    void operationResultsBecomeDmStatusCodes() {
        assertEquals(200, OpcUaValues.dmStatus(StatusCode.GOOD));
        assertEquals(404, OpcUaValues.dmStatus(new StatusCode(StatusCodes.Bad_NodeIdUnknown)));
        assertEquals(405, OpcUaValues.dmStatus(new StatusCode(StatusCodes.Bad_NotWritable)));
        assertEquals(425, OpcUaValues.dmStatus(new StatusCode(StatusCodes.Bad_UserAccessDenied)));
        assertEquals(400, OpcUaValues.dmStatus(new StatusCode(StatusCodes.Bad_TypeMismatch)));
        assertEquals(500, OpcUaValues.dmStatus(new StatusCode(StatusCodes.Bad_InternalError)));
        assertEquals("Bad_NotWritable", OpcUaValues.name(new StatusCode(StatusCodes.Bad_NotWritable)));
    }
}
