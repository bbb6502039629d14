package io.omadm.gateway.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omadm.gateway.testing.CsvCases;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Point values are strict both ways and scaled: the cases in adaptation/point-values.csv. */
class PointValuesTest {

    static Stream<Arguments> cases() {
        return CsvCases.of("/adaptation/point-values.csv");
    }

    @ParameterizedTest(name = "{0} {1} x{2}: ''{3}''")
    @MethodSource("cases")
    void aValueOfThePointsFormatPassesScaledAndAnyOtherIsRefused(String direction, String format, String scale,
            String value, String expected) throws Exception {
        Point p = new Point("P", "a", format, scale.isEmpty() ? null : Double.valueOf(scale), Set.of("Get"));
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        if (expected.equals("refused")) {
            assertThrows(PointValues.InvalidValue.class, () -> convert(direction, p, in));
        } else {
            assertEquals(expected, new String(convert(direction, p, in), StandardCharsets.UTF_8));
        }
    }

    private static byte[] convert(String direction, Point p, byte[] value) throws PointValues.InvalidValue {
        return direction.equals("get") ? PointValues.fromDevice(p, value) : PointValues.toDevice(p, value);
    }

    @Test
    void binaryValuesAndTextThatIsNotUtf8() throws Exception {
        byte[] bytes = {(byte) 0xff, 0, (byte) 0xc3};
        Point bin = new Point("B", "a", "b64", null, Set.of("Get"));
        assertArrayEquals(bytes, PointValues.fromDevice(bin, bytes), "b64 takes any bytes");
        Point text = new Point("C", "a", "chr", null, Set.of("Get"));
        PointValues.InvalidValue e = assertThrows(PointValues.InvalidValue.class,
                () -> PointValues.fromDevice(text, bytes));
        assertEquals("UTF-8 text", e.getMessage());
    }
}
