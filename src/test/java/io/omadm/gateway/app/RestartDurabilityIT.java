package io.omadm.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.northbound.GenericAlert;
import io.omadm.gateway.northbound.JdbcAlertQueue;
import io.omadm.gateway.persistence.Database;
import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.dmserver.ScriptedDmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across a real process restart: what the server was told succeeded, the nonces, and queued alerts are
 * there after kill -9 and a new start on the same data directory; the nonce handed to a proxy-mode device is not
 * ({@link ProxyDeviceNonces}).
 */
class RestartDurabilityIT {

    static final Secret GATEWAY = new Secret("gateway", "gw-pass-0123456789");

    @TempDir
    Path dataDir;

    private Map<String, String> config(ScriptedDmServer server) {
        return Map.of(
                "gateway.server.url", server.url().toString(),
                "gateway.server.id", "dm.restart",
                "gateway.server.auth", "md5",
                "gateway.server.username", GATEWAY.username(),
                "gateway.server.password", GATEWAY.password(),
                "gateway.server.encoding", "xml",
                "gateway.data-dir", dataDir.toString(),
                "gateway.notification.udp-port", "0");
    }

    @Test
    void storedWritesNoncesAndAlertsSurviveKillMinus9ButNotAProxyDevicesNonce() throws Exception {
        try (ScriptedDmServer server = new ScriptedDmServer("dm.restart", AuthType.MD5, GATEWAY, null)) {
            server.script(in -> ScriptedDmServer.Reply.of(new ItemCommand(Verb.REPLACE, "1", false, null,
                    Meta.format("chr"), null, List.of(new Item(Location.of("./DMAcc/dm.restart/Name"), null, null,
                    Data.text("written before the crash"), false)))));
            GatewayProcess first = GatewayProcess.start(config(server));
            ProxyDeviceNonces proxyDevice;
            try {
                first.awaitOk("/q/health/ready");
                proxyDevice = ProxyDeviceNonces.authenticate(first);
                await().atMost(Duration.ofSeconds(60)).until(() -> server.gatewayResponses().stream()
                        .anyMatch(c -> c instanceof Status s && s.cmd().equals("Replace") && s.code() == 200));
                // the session ends right after; give it the moment it needs, then no mercy
                await().atMost(Duration.ofSeconds(10)).until(() -> first.log().contains("Installed features")
                        && server.exchanges().size() >= 3);
            } finally {
                first.kill();
            }
            // while it is down, an alert lands in its queue
            try (Database db = Database.open(Database.h2Url(dataDir), "sa", "", 1)) {
                new JdbcAlertQueue(db.dataSource()).enqueue(new GenericAlert("after-restart", List.of(
                        new GenericAlert.Entry(null, "urn:oma:at:gwmo:1.0:DeviceInventoryUpdate", "chr", null,
                                "queued while down"))));
            }
            int before = server.exchanges().size();
            server.script(in -> ScriptedDmServer.Reply.of(ItemCommand.of(Verb.GET, "1",
                    Item.target("./DMAcc/dm.restart/Name"))));
            try (GatewayProcess second = GatewayProcess.start(config(server))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> server.genericAlerts().stream()
                        .anyMatch(a -> "after-restart".equals(a.correlator())));
                await().atMost(Duration.ofSeconds(20)).until(() -> server.gatewayResponses().stream()
                        .anyMatch(c -> c instanceof Results));
                Results r = (Results) server.gatewayResponses().stream().filter(c -> c instanceof Results)
                        .reduce((a, b) -> b).orElseThrow();
                assertEquals("written before the crash", r.items().get(0).data().asText());
                // MD5 with the nonce the server handed out in the first run: no new challenge was needed
                ScriptedDmServer.Exchange firstOfSecondRun = server.exchanges().get(before);
                assertTrue(firstOfSecondRun.request().header().cred() != null, second.log());
                assertEquals(212, ((Status) firstOfSecondRun.response().body().commands().get(0)).code());
                Alert delivered = server.genericAlerts().stream()
                        .filter(a -> "after-restart".equals(a.correlator())).findFirst().orElseThrow();
                assertEquals("queued while down", delivered.items().get(0).data().asText());
                proxyDevice.afterRestart(second);
            }
        }
    }
}
