package io.omadm.gateway.testing.dmserver;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.testing.TempPaths;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Starts a {@link ScriptedDmServer} on loopback and points the gateway at it: MD5 both ways, WBXML, a fresh data
 * directory, a free UDP port for Package 0.
 */
public class DmServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVER_ID = "dm.test";
    public static final Secret GATEWAY = new Secret("gateway", "gw-pass-0123456789");
    public static final Secret SERVER = new Secret(SERVER_ID, "srv-pass-0123456789");
    public static final byte[] CLIENT_NONCE = "client-nonce-1".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] SERVER_NONCE = "server-nonce-1".getBytes(StandardCharsets.US_ASCII);

    public static volatile ScriptedDmServer server;
    public static volatile int udpPort;

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedDmServer(SERVER_ID, AuthType.MD5, GATEWAY, CLIENT_NONCE)
                    .provingItselfWith(AuthType.MD5, SERVER, SERVER_NONCE);
            try (DatagramSocket s = new DatagramSocket(0)) {
                udpPort = s.getLocalPort();
            }
            return Map.ofEntries(
                    Map.entry("gateway.server.url", server.url().toString()),
                    Map.entry("gateway.server.id", SERVER_ID),
                    Map.entry("gateway.server.auth", "md5"),
                    Map.entry("gateway.server.username", GATEWAY.username()),
                    Map.entry("gateway.server.password", GATEWAY.password()),
                    Map.entry("gateway.server.server-password", SERVER.password()),
                    Map.entry("gateway.server.client-nonce", Base64.getEncoder().encodeToString(CLIENT_NONCE)),
                    Map.entry("gateway.server.server-nonce", Base64.getEncoder().encodeToString(SERVER_NONCE)),
                    Map.entry("gateway.server.encoding", "wbxml"),
                    Map.entry("gateway.dev-id", "GW-TEST-1"),
                    Map.entry("gateway.data-dir", TempPaths.dir("gw-data").toString()),
                    Map.entry("gateway.notification.udp-port", Integer.toString(udpPort)),
                    Map.entry("gateway.inventory.alert-window", "200ms"),
                    Map.entry("gateway.adapters.timeout", "1s"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
