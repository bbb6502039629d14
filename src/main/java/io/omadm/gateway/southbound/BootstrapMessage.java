package io.omadm.gateway.southbound;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DM-profile bootstrap message for an end device (spec notes §7): one WBXML SyncML message of Add commands that
 * create ./DMAcc/&lt;name&gt; for one DM server (the gateway, or the upstream server): AppID w7, ServerID, Name,
 * AppAddr/1/{Addr, AddrType}, AAuthPref, and AppAuth/CLCRED and AppAuth/SRVCRED with level, type, name and secret.
 * No response is expected; the device's first session with that server acknowledges it. Optionally signed as the
 * transport-neutral bootstrap security says: {@code SEC=USERPIN; MAC=<hex HMAC-SHA1(pin, bytes)>} in the content type.
 */
public final class BootstrapMessage {

    public static final String MEDIA_TYPE = "application/vnd.syncml.dm+wbxml";
    /** The DDF name of a DMAcc (DM 1.2). */
    static final String DMACC_TYPE = "org.openmobilealliance/1.0/w7";

    /** The account to create: {@code client} the device proves itself with, {@code server} the server does. */
    public record Account(String nodeName, String serverId, String serverUrl, AuthType authType, Secret client,
            Secret server) {
        public Account {
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(serverId, "serverId");
            Objects.requireNonNull(serverUrl, "serverUrl");
            Objects.requireNonNull(authType, "authType");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(server, "server");
        }
    }

    /** The bytes to send and their content type (with SEC and MAC when signed). */
    public record Encoded(byte[] body, String contentType) {
    }

    private BootstrapMessage() {
    }

    public static SyncMLMessage of(String devId, String sourceId, Account a) {
        String acc = "./DMAcc/" + a.nodeName();
        List<Command> adds = new ArrayList<>();
        adds.add(add(adds, acc, null, Meta.format("node").withType(DMACC_TYPE)));
        adds.add(add(adds, acc + "/AppID", "w7", null));
        adds.add(add(adds, acc + "/ServerID", a.serverId(), null));
        adds.add(add(adds, acc + "/Name", a.serverId(), null));
        adds.add(add(adds, acc + "/AppAddr", null, Meta.format("node")));
        adds.add(add(adds, acc + "/AppAddr/1", null, Meta.format("node")));
        adds.add(add(adds, acc + "/AppAddr/1/Addr", a.serverUrl(), null));
        adds.add(add(adds, acc + "/AppAddr/1/AddrType", "URI", null));
        adds.add(add(adds, acc + "/AAuthPref", a.authType().aAuthType(), null));
        adds.add(add(adds, acc + "/AppAuth", null, Meta.format("node")));
        credential(adds, acc + "/AppAuth/CLCRED", "CLCRED", a.authType(), a.client());
        credential(adds, acc + "/AppAuth/SRVCRED", "SRVCRED", a.authType(), a.server());
        SyncHdr hdr = SyncHdr.of("0", "1", Location.of(devId), Location.of(sourceId));
        return new SyncMLMessage(hdr, new SyncBody(adds, true));
    }

    /** WBXML, as the profile requires, signed with {@code pin} when one is given. */
    public static Encoded encode(SyncMLMessage m, String pin) {
        byte[] body = new SyncMLCodec().encode(m, Encoding.WBXML);
        if (pin == null || pin.isEmpty()) {
            return new Encoded(body, MEDIA_TYPE);
        }
        return new Encoded(body, MEDIA_TYPE + "; SEC=USERPIN; MAC=" + mac(pin, body));
    }

    /** HMAC-SHA1 of the bytes under the key, as upper-case hex (two digits per byte). */
    public static String mac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().withUpperCase().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA1", e);
        }
    }

    private static void credential(List<Command> adds, String path, String level, AuthType type, Secret s) {
        adds.add(add(adds, path, null, Meta.format("node")));
        adds.add(add(adds, path + "/AAuthLevel", level, null));
        adds.add(add(adds, path + "/AAuthType", type.aAuthType(), null));
        adds.add(add(adds, path + "/AAuthName", s.username(), null));
        adds.add(add(adds, path + "/AAuthSecret", s.password(), null));
    }

    private static ItemCommand add(List<Command> before, String path, String value, Meta meta) {
        Meta m = meta != null ? meta : Meta.format("chr");
        Data data = value == null ? null : Data.text(value);
        return new ItemCommand(ItemCommand.Verb.ADD, Integer.toString(before.size() + 1), false, null, null, null,
                List.of(new Item(Location.of(path), null, m, data, false)));
    }
}
