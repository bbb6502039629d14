package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.inventory.Inventory;
import io.omadm.gateway.inventory.Mode;
import io.omadm.gateway.inventory.Registration;
import io.omadm.gateway.mo.DmAccounts;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.transparent.NotificationTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Bootstraps an end device (HLF-005/006, PMode-003) with a DM-profile bootstrap message ({@link BootstrapMessage})
 * POSTed to the device's HTTP Address:
 * <ul>
 *   <li><b>to the gateway</b>: a DMAcc naming the gateway as the device's DM server. The gateway makes fresh secrets
 *       for both directions, and once the device has taken the message, keeps them (the device's CLCRED in its
 *       record, the gateway's SRVCRED in its account) and manages the device in proxy mode. A device without an
 *       account for any other server is then managed entirely through the gateway.</li>
 *   <li><b>to the server</b>: a DMAcc for the upstream DM server (or one the request names), with the secrets the
 *       server chose, so that the server can manage the device directly later. The gateway keeps none of them, only
 *       the ServerID in the device's record.</li>
 * </ul>
 * The outcome is a DM status: 200 sent, 404 no such device, 412 something missing, 406 the device cannot take a
 * bootstrap over HTTP, 500 the device refused it (nothing is kept then).
 */
public final class DeviceBootstrapper {

    private static final Logger LOG = Logger.getLogger(DeviceBootstrapper.class.getName());

    public enum Target {
        GATEWAY, SERVER;

        public static Optional<Target> parse(String s) {
            if (s == null) {
                return Optional.empty();
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "gateway" -> Optional.of(GATEWAY);
                case "server" -> Optional.of(SERVER);
                default -> Optional.empty();
            };
        }
    }

    /**
     * What to bootstrap. For the gateway only {@code devId} is needed; for the server {@code clientSecret} and
     * {@code serverSecret} are, and {@code serverId} and {@code serverUrl} default to the upstream server's.
     * {@code pin}, when given, signs the message (SEC=USERPIN).
     */
    public record Request(String devId, Target target, String serverId, AuthType authType, String pin,
            String serverUrl, String clientSecret, String serverSecret) {
    }

    public record Outcome(int status, String message) {
        public boolean ok() {
            return status == StatusCode.OK.code();
        }
    }

    /** Sends the bytes to the device; throws with the reason when the device does not take them (non-2xx). */
    public interface Sender {
        void post(URI url, byte[] body, String contentType) throws Exception;
    }

    /** Sends by HTTP POST; a status other than 2xx is the device refusing the message. */
    public static Sender httpSender(HttpClient http) {
        return (url, body, contentType) -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " from " + url);
            }
        };
    }

    /** The upstream DM server's ServerID and URL, when the gateway has one. */
    public record Upstream(String serverId, String url) {
    }

    private final Inventory inventory;
    private final DeviceAccounts accounts;
    private final Sender sender;
    private final String gatewayId;
    private final Supplier<String> gatewayDmUrl;
    private final Supplier<Optional<Upstream>> upstream;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param gatewayId the gateway's ServerID in the devices' DMAcc (its DevId by default)
     * @param gatewayDmUrl the gateway's POST /dm as the devices reach it
     */
    public DeviceBootstrapper(Inventory inventory, DeviceAccounts accounts, Sender sender, String gatewayId,
            Supplier<String> gatewayDmUrl, Supplier<Optional<Upstream>> upstream) {
        this.inventory = inventory;
        this.accounts = accounts;
        this.sender = sender;
        this.gatewayId = gatewayId;
        this.gatewayDmUrl = gatewayDmUrl;
        this.upstream = upstream;
    }

    public Outcome bootstrap(Request r) {
        Optional<DeviceRecord> device = r.devId() == null ? Optional.empty() : inventory.find(r.devId());
        if (device.isEmpty()) {
            return new Outcome(StatusCode.NOT_FOUND.code(), "no device " + r.devId());
        }
        // the device's Address as transparent mode reads it; a bootstrap goes by HTTP only
        Optional<URI> address = NotificationTarget.of(device.get().address())
                .filter(t -> t.transport().equals("http")).map(t -> URI.create(t.url()));
        if (address.isEmpty()) {
            return new Outcome(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED.code(), "device " + r.devId()
                    + " has no HTTP Address to take a bootstrap (" + device.get().address() + ")");
        }
        AuthType type = r.authType() == null ? AuthType.MD5 : r.authType();
        String devId = r.devId();
        BootstrapMessage.Account account;
        if (r.target() == Target.SERVER) {
            Optional<Upstream> up = upstream.get();
            String serverId = r.serverId() != null ? r.serverId() : up.map(Upstream::serverId).orElse(null);
            String url = r.serverUrl() != null ? r.serverUrl()
                    : up.filter(u -> u.serverId().equals(serverId)).map(Upstream::url).orElse(null);
            if (serverId == null || url == null || r.clientSecret() == null || r.serverSecret() == null) {
                return new Outcome(StatusCode.INCOMPLETE_COMMAND.code(), "a bootstrap to the server needs its"
                        + " ServerId and address (the gateway's upstream server by default), ClientSecret and"
                        + " ServerSecret");
            }
            account = new BootstrapMessage.Account(DmAccounts.nodeName(serverId), serverId, url, type,
                    new Secret(devId, r.clientSecret()), new Secret(serverId, r.serverSecret()));
        } else {
            String serverId = r.serverId() != null ? r.serverId() : gatewayId;
            account = new BootstrapMessage.Account(DmAccounts.nodeName(serverId), serverId, gatewayDmUrl.get(),
                    type, new Secret(devId, secret()), new Secret(serverId, secret()));
        }
        BootstrapMessage.Encoded message = BootstrapMessage.encode(BootstrapMessage.of(devId, gatewayId, account),
                r.pin());
        try {
            sender.post(address.get(), message.body(), message.contentType());
        } catch (Exception e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            LOG.warning("bootstrap of " + devId + " at " + address.get() + " failed: " + why);
            return new Outcome(StatusCode.COMMAND_FAILED.code(), "device " + devId + " did not take the bootstrap ("
                    + why + "); nothing was changed");
        }
        keep(device.get(), r.target(), account);
        LOG.info("bootstrapped " + devId + " to " + account.serverId() + " (" + r.target() + ")");
        return new Outcome(StatusCode.OK.code(), "device " + devId + " bootstrapped to " + account.serverId());
    }

    /** What the gateway keeps once the device took the message. */
    private void keep(DeviceRecord d, Target target, BootstrapMessage.Account a) {
        if (target == Target.SERVER) {
            Set<String> ids = new HashSet<>(d.serverIds());
            ids.add(a.serverId());
            inventory.register(new Registration(d.devId(), null, null, null, null, null, null, null, null, ids, null,
                    null));
            return;
        }
        inventory.register(new Registration(d.devId(), null, null, null, null, null, null, null, null, Set.of(),
                a.client().username(), a.client().password()));
        if (d.mode() != Mode.PROXY) {
            inventory.changeMode(d.devId(), Mode.PROXY);
        }
        accounts.save(new DeviceAccount(d.devId(), a.authType(), a.serverId(), a.server().password(), null, null));
    }

    private String secret() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
