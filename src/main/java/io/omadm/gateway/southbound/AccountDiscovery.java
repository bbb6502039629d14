package io.omadm.gateway.southbound;

import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Registration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Learns which DM servers a proxy-mode device has accounts for (its ./DMAcc ServerIDs) and keeps them as the device's
 * ServerIds (GwMO-DI-001; HLF-002: a nomadic device that shows up at this gateway is registered with the servers it
 * already knows). At first contact the gateway queues a Get of ./DMAcc (an interior node: the device answers with the
 * names of its accounts), then a Get of each account's ServerID. These commands are the gateway's own: they go out in
 * the device's sessions like any other, marked by their correlator, and their answers go nowhere else.
 */
final class AccountDiscovery {

    private static final Logger LOG = Logger.getLogger(AccountDiscovery.class.getName());
    static final String LIST = "gateway:dmacc-list";
    static final String SERVER_ID = "gateway:dmacc-serverid";

    private final Inventory inventory;
    private final ProxyQueue queue;
    private final AccountIssuer issuer;
    private final Clock clock;

    /** @param issuer told of each account found, and given the answers to its own commands; null: none */
    AccountDiscovery(Inventory inventory, ProxyQueue queue, AccountIssuer issuer, Clock clock) {
        this.inventory = inventory;
        this.queue = queue;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Queues the listing of the device's accounts, once per device: at its first contact, or at the first session of
     * a device the operator added (every DM device has at least the account it reached the gateway with).
     */
    void startOnce(DeviceRecord d) {
        if (d.serverIds().isEmpty() && !queue.hasQueued(d.devId(), LIST)) {
            queue.enqueue(d.devId(), "Get", "./DMAcc", null, null, LIST, clock.millis());
        }
    }

    /** Takes the answer to one of its own commands; false when the command was not one of them. */
    boolean take(ProxyCommand c) {
        if (!"Get".equals(c.verb())) {
            // an Exec of the server's carries the server's Correlator, never one of these
            return issuer != null && issuer.take(c);
        }
        if (LIST.equals(c.correlator())) {
            if (c.status() == 200 && c.result() != null) {
                for (String account : new String(c.result(), StandardCharsets.UTF_8).split("/")) {
                    if (!account.isBlank() && !account.contains("..")) {
                        queue.enqueue(c.devId(), "Get", "./DMAcc/" + account.trim() + "/ServerID", null, null,
                                SERVER_ID, clock.millis());
                    }
                }
            } else {
                LOG.fine("device " + c.devId() + " did not list its DM accounts (" + c.status() + ")");
            }
            return true;
        }
        if (SERVER_ID.equals(c.correlator())) {
            if (c.status() == 200 && c.result() != null) {
                String serverId = new String(c.result(), StandardCharsets.UTF_8).trim();
                Optional<DeviceRecord> d = inventory.find(c.devId());
                if (!serverId.isEmpty() && d.isPresent() && !d.get().serverIds().contains(serverId)) {
                    Set<String> ids = new HashSet<>(d.get().serverIds());
                    ids.add(serverId);
                    inventory.register(new Registration(c.devId(), null, null, null, null, null, null, null, null,
                            ids, null, null));
                    LOG.info("device " + c.devId() + " has an account for DM server " + serverId);
                }
                if (issuer != null && !serverId.isEmpty()) {
                    issuer.accountFound(c.devId(), c.path().substring(0, c.path().lastIndexOf('/')), serverId);
                }
            }
            return true;
        }
        return issuer != null && issuer.take(c);
    }
}
