package io.omadm.gateway.notification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.testing.CsvCases;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Package0Test {

    /** A row of src/test/resources/notification/package0-cases.csv. */
    static Stream<Arguments> cases() {
        return CsvCases.of("/notification/package0-cases.csv");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aServersNotificationIsCheckedOrRefusedAsTheCaseSays(String name, String message, String password,
            String nonce, String expected) {
        byte[] bytes = HexFormat.of().parseHex(message);
        if (expected.equals("refused")) {
            assertThrows(NotificationException.class, () -> Package0.parse(bytes), name);
            return;
        }
        Package0 p = assertDoesNotThrow(() -> Package0.parse(bytes));
        assertEquals("com.example.dm", p.serverId());
        assertEquals(Package0.Verdict.valueOf(expected), p.verify(new Secret("com.example.dm", password),
                HexFormat.of().parseHex(nonce)), name);
    }

    static final Secret SERVER = new Secret("com.example.dm", "serverpw");

    @Test
    void buildsTheTriggerAndDigestOfTheSpecNotesExample() {
        byte[] n = Package0.build(11, 0, true, 1, "com.example.dm", null, SERVER, new byte[4]);
        assertEquals("02c80000000001" + "0e" + HexFormat.of().formatHex("com.example.dm".getBytes()),
                HexFormat.of().formatHex(Arrays.copyOfRange(n, 16, n.length)));
        assertEquals("c9542e5073b0c554adae56af31abeb57", HexFormat.of().formatHex(Arrays.copyOf(n, 16)));
    }

    @Test
    void parsesEveryFieldAndGivesTheSessionIdInUpperCaseHex() throws Exception {
        byte[] body = {1, 2, 3};
        Package0 p = Package0.parse(Package0.build(12, 2, true, 0x00A1, "srv", body, SERVER, "n".getBytes()));
        assertEquals(12, p.version());
        assertEquals(2, p.uiMode());
        assertTrue(p.serverInitiated());
        assertEquals("A1", p.sessionIdHex());
        assertEquals("srv", p.serverId());
        assertArrayEquals(body, p.vendorBody());
    }

    @Test
    void theDigestChecksOutOnlyWithTheRightCredentialsAndNonceOrTheResyncNonce() throws Exception {
        byte[] nonce = "nonce-1".getBytes(StandardCharsets.US_ASCII);
        Package0 p = Package0.parse(Package0.build(11, 0, true, 7, "com.example.dm", null, SERVER, nonce));
        assertEquals(Package0.Verdict.VALID, p.verify(SERVER, nonce));
        assertEquals(Package0.Verdict.INVALID, p.verify(SERVER, "other".getBytes()));
        assertEquals(Package0.Verdict.INVALID, p.verify(new Secret("com.example.dm", "guess"), nonce));
        Package0 resync = Package0.parse(Package0.build(11, 0, true, 7, "com.example.dm", null, SERVER,
                Package0.RESYNC_NONCE));
        assertEquals(Package0.Verdict.VALID_WITH_RESYNC_NONCE, resync.verify(SERVER, nonce));
    }

    @Test
    void truncatedWrongVersionOrOverlongServerIdIsRefusedWithAReason() {
        byte[] good = Package0.build(11, 0, true, 7, "srv", null, SERVER, new byte[4]);
        assertThrows(NotificationException.class, () -> Package0.parse(Arrays.copyOf(good, 20)));
        byte[] longId = good.clone();
        longId[23] = (byte) 200;
        NotificationException e = assertThrows(NotificationException.class, () -> Package0.parse(longId));
        assertTrue(e.getMessage().contains("server id"), e.getMessage());
        byte[] v2 = Package0.build(20, 0, true, 7, "srv", null, SERVER, new byte[4]);
        assertThrows(NotificationException.class, () -> Package0.parse(v2));
        assertThrows(NotificationException.class, () -> Package0.parse(null));
    }
}
