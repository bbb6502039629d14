package io.omadm.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Devices and answers many to a row: what goes in comes out, in order, in rows of bounded count and size. */
class PackedTest {

    @Test
    void targetsComeBackInOrderInRowsOfAtMostAThousand() {
        List<String[]> devices = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            devices.add(new String[] {"dev-" + i + "-é", i % 2 == 0 ? "mqtt" : "modbus|10.0.0." + i + ":502"});
        }
        List<byte[]> rows = Packed.targets(devices);
        assertEquals(3, rows.size());
        List<String[]> back = new ArrayList<>();
        rows.forEach(r -> Packed.readTargets(r, back));
        assertEquals(devices.size(), back.size());
        for (int i = 0; i < devices.size(); i++) {
            assertArrayEquals(devices.get(i), back.get(i), "device " + i);
        }
        assertEquals(List.of(), Packed.targets(List.of()), "no devices, no rows");
    }

    @Test
    void answersKeepStatusTimeAndDataAndALargeAnswerTakesARowOfItsOwn() {
        byte[] large = new byte[Packed.ROW_BYTES + 10];
        Arrays.fill(large, (byte) 'x');
        List<Packed.Answer> answers = List.of(
                new Packed.Answer(7, 200, 1_700_000_000_000L, "21.5".getBytes(StandardCharsets.UTF_8)),
                new Packed.Answer(3, 408, 5L, null),
                new Packed.Answer(9, 200, 6L, large),
                new Packed.Answer(1, 500, 7L, new byte[0]));
        List<byte[]> rows = Packed.answers(answers);
        assertEquals(3, rows.size(), "the large one alone, between the others");
        assertTrue(rows.get(0).length < Packed.ROW_BYTES && rows.get(2).length < Packed.ROW_BYTES);
        List<Packed.Answer> back = new ArrayList<>();
        rows.forEach(r -> Packed.readAnswers(r, 0, Integer.MAX_VALUE, back::add));
        assertEquals(4, back.size());
        assertEquals("21.5", back.get(0).text());
        assertEquals(1_700_000_000_000L, back.get(0).at());
        assertEquals(408, back.get(1).status());
        assertNull(back.get(1).data(), "no data stays none, not empty");
        assertArrayEquals(large, back.get(2).data());
        assertEquals(0, back.get(3).data().length);
        assertEquals(List.of(7, 3, 9, 1), back.stream().map(Packed.Answer::seq).toList());
    }

    @Test
    void aRangeOfAnswersIsReadWithoutTheOthersAndARowSaysHowManyItHolds() {
        List<Packed.Answer> answers = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) {
            answers.add(new Packed.Answer(seq, 200 + seq, seq, ("v" + seq).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] row = Packed.answers(answers).get(0);
        assertEquals(10, Packed.count(row));
        List<Packed.Answer> some = new ArrayList<>();
        Packed.readAnswers(row, 3, 6, some::add);
        assertEquals(List.of("v3", "v4", "v5"), some.stream().map(Packed.Answer::text).toList());
        assertEquals(List.of(203, 204, 205), some.stream().map(Packed.Answer::status).toList());
    }

    @Test
    void aDamagedRowIsReportedNotMisread() {
        byte[] row = Packed.answers(List.of(new Packed.Answer(1, 200, 1L, new byte[] {1, 2, 3}))).get(0);
        byte[] cut = Arrays.copyOf(row, row.length - 2);
        assertThrows(UncheckedIOException.class, () -> Packed.readAnswers(cut, 0, Integer.MAX_VALUE, a -> { }));
    }
}
