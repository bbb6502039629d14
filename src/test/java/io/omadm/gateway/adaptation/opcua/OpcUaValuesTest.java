package io.omadm.gateway.adaptation.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omadm.gateway.adaptation.opcua.OpcUaValues.BadValue;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.junit.jupiter.api.Test;

class OpcUaValuesTest {

    @Test
    void dmTextBecomesTheNodesBuiltInType() throws BadValue {
        assertEquals(Boolean.TRUE, OpcUaValues.parse(OpcUaDataType.Boolean, "1"));
        assertEquals(Boolean.FALSE, OpcUaValues.parse(OpcUaDataType.Boolean, "False"));
        assertEquals((short) -5, OpcUaValues.parse(OpcUaDataType.Int16, " -5 "));
        assertEquals(UByte.valueOf(255), OpcUaValues.parse(OpcUaDataType.Byte, "255"));
        assertEquals(UInteger.valueOf(4294967295L), OpcUaValues.parse(OpcUaDataType.UInt32, "4294967295"));
        assertEquals(ULong.valueOf(new java.math.BigInteger("18446744073709551615")),
                OpcUaValues.parse(OpcUaDataType.UInt64, "18446744073709551615"));
        assertEquals(2.5f, OpcUaValues.parse(OpcUaDataType.Float, "2.5"));
        assertEquals(" as is ", OpcUaValues.parse(OpcUaDataType.String, " as is "));
    }

    @Test
    void valuesThatDoNotFitAreRefusedBeforeTheMachineIsAsked() {
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.Byte, "256"));
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.UInt16, "-1"));
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.Int16, "40000"));
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.UInt64, "18446744073709551616"));
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.Boolean, "yes"));
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.Int32, "fast"));
        assertThrows(BadValue.class, () -> OpcUaValues.parse(OpcUaDataType.ExtensionObject, "{}"));
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
