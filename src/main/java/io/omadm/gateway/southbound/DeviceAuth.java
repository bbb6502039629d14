package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthDecision;
import io.omadm.gateway.auth.AuthRequest;
import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Authenticator;
import io.omadm.gateway.auth.CredentialFactory;
import io.omadm.gateway.auth.Nonces;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.inventory.DeviceRecord;
import io.omadm.gateway.notification.Package0;
import io.omadm.gateway.syncml.Cred;
import io.omadm.gateway.syncml.Status;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Both directions of authentication between the gateway (as DM server) and a proxy-mode device, in the scheme of the
 * device's account: the device proves itself with its CLCRED (from its inventory record) and the nonce the gateway
 * gave it; the gateway proves itself with its SRVCRED in the device's DMAcc and the nonce the device gave it. The
 * nonce the gateway hands out is kept in memory from before the message carrying it leaves (a restart costs each device
 * one challenge); the one the device gives is stored ({@link DeviceAccounts}).
 */
final class DeviceAuth {

    private final Map<AuthType, Authenticator> authenticators = new EnumMap<>(AuthType.class);

    DeviceAuth(Nonces nonces) {
        for (AuthType t : AuthType.values()) {
            authenticators.put(t, new Authenticator(t, nonces));
        }
    }

    /** The verdict on the device's credentials; empty when the gateway holds none for it (it need not prove itself). */
    Optional<AuthDecision> check(DeviceRecord device, DeviceAccount account, AuthRequest request) {
        if (device == null || device.authSecret() == null) {
            return Optional.empty();
        }
        Secret expected = new Secret(device.authName() != null ? device.authName() : device.devId(),
                device.authSecret());
        return Optional.of(authenticators.get(account.authType()).decide(request, expected, account.clientNonce()));
    }

    /** The device's Status for the gateway's last header: a NextNonce in it is the gateway's from now on. */
    static DeviceAccount learn(DeviceAccount account, Status headerStatus) {
        return Nonces.nextNonce(headerStatus.chal()).map(account::withServerNonce).orElse(account);
    }

    /** The device refused the gateway's credentials (or wants some). */
    static boolean refused(Status headerStatus) {
        return headerStatus.code() == 401 || headerStatus.code() == 407;
    }

    /**
     * The SyncHdr Cred the gateway sends (basic, or MD5); null when none goes (no secret toward the device, or HMAC,
     * which goes in a header). Sent from the first answer on: many clients challenge only a server that sent
     * credentials and otherwise answer Status 0. Before the device gave the gateway a nonce the MD5 digest is made
     * with the resync nonce (four zero bytes); a device that holds another challenges (401 with its nonce) and the
     * gateway sends its credentials again with that one.
     */
    Cred cred(DeviceAccount account) {
        Optional<Secret> server = account.server();
        if (server.isEmpty() || account.authType() == AuthType.HMAC) {
            return null;
        }
        byte[] nonce = account.authType() == AuthType.MD5 && account.serverNonce() == null
                ? Package0.RESYNC_NONCE.clone() : account.serverNonce();
        return CredentialFactory.cred(account.authType(), server.get(), nonce);
    }

    /** The x-syncml-hmac header over the gateway's message, for an HMAC account; null otherwise. */
    String hmac(DeviceAccount account, byte[] body) {
        Optional<Secret> server = account.server();
        if (server.isEmpty() || account.authType() != AuthType.HMAC || account.serverNonce() == null) {
            return null;
        }
        return CredentialFactory.hmacHeader(server.get(), account.serverNonce(), body);
    }
}
