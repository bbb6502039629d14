package io.omadm.gateway.mo;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.auth.Secret;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.northbound.NonceKeeper;
import io.omadm.gateway.northbound.ServerAccounts;
import io.omadm.gateway.notification.Package0Verifier;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's DM accounts as DM 1.2 ./DMAcc/x nodes (spec notes §5.3): ServerID, Name, AppAddr/1/Addr,
 * AAuthPref, and AppAuth/CLCRED and AppAuth/SRVCRED with AAuthLevel, AAuthType, AAuthName, AAuthSecret and
 * AAuthData (the nonce). The server owns its account (Get, Replace); the secrets and nonces are "No Get": their
 * ACL grants Replace only. Config seeds an account once; after that the tree, which the server may change, wins.
 */
public final class DmAccounts implements ServerAccounts {

    /** What config says about the upstream server (DESIGN §3.2 gateway.server.*). */
    public record Settings(String serverId, String url, AuthType clientAuth, String username, String password,
            AuthType serverAuth, String serverPassword, byte[] clientNonce, byte[] serverNonce) {

        /** A one-way digest of everything config says, to notice when the operator changed it. */
        String fingerprint() {
            String all = String.join("\n", serverId, url, clientAuth.name(), username, password,
                    serverAuth == null ? "" : serverAuth.name(), serverPassword == null ? "" : serverPassword,
                    clientNonce == null ? "" : Base64.getEncoder().encodeToString(clientNonce),
                    serverNonce == null ? "" : Base64.getEncoder().encodeToString(serverNonce));
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(all.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Where the account remembers the config it was last written from (No Get, like the secrets). */
    static final String CONFIG_FINGERPRINT = "GatewayConfigFingerprint";

    private final DmTree tree;

    public DmAccounts(DmTree tree) {
        this.tree = tree;
    }

    /**
     * Writes the account config describes. When the account exists and config is what it was when last applied, the
     * tree is left as the server may have changed it; when the operator changed config, config wins. Durable when it
     * returns.
     */
    public void seed(Settings s) {
        Optional<NodePath> existing = find(s.serverId());
        String fingerprint = s.fingerprint();
        if (existing.isPresent() && existing.flatMap(a -> text(a.child("Ext").child(CONFIG_FINGERPRINT)))
                .map(fingerprint::equals).orElse(false)) {
            return;
        }
        NodePath acc = existing.orElse(StandardObjects.DM_ACC.child(nodeName(s.serverId())));
        String sid = s.serverId();
        String own = "Get=" + sid + "&Replace=" + sid;
        String secret = "Replace=" + sid;
        tree.put(Node.interior(acc, "Add=" + sid + "&Delete=" + sid + "&" + own, false));
        leaf(acc, "AppID", "w7", own);
        leaf(acc, "ServerID", sid, "Get=" + sid);
        leaf(acc, "Name", sid, own);
        leaf(acc, "AppAddr/1/Addr", s.url(), own);
        leaf(acc, "AppAddr/1/AddrType", "URI", own);
        leaf(acc, "AAuthPref", s.clientAuth().aAuthType(), own);
        credential(acc, "CLCRED", s.clientAuth(), s.username(), s.password(), s.clientNonce(), own, secret);
        if (s.serverAuth() != null) {
            credential(acc, "SRVCRED", s.serverAuth(), sid, s.serverPassword(), s.serverNonce(), own, secret);
        }
        leaf(acc, "Ext/" + CONFIG_FINGERPRINT, fingerprint, secret);
        tree.commit();
    }

    private void credential(NodePath acc, String level, AuthType type, String name, String password, byte[] nonce,
            String own, String secret) {
        NodePath a = acc.child("AppAuth").child(level);
        leaf(a, "AAuthLevel", level, own);
        leaf(a, "AAuthType", type.aAuthType(), own);
        leaf(a, "AAuthName", name, own);
        leaf(a, "AAuthSecret", password == null ? "" : password, secret);
        NodePath data = a.child("AAuthData");
        if (nonce != null || tree.node(data).isEmpty()) {
            tree.put(new Node(data, false, nonce, "bin", "application/octet-stream", secret, null,
                    System.currentTimeMillis(), 0, false));
        }
    }

    private void leaf(NodePath parent, String rel, String value, String acl) {
        NodePath p = parent;
        for (String s : rel.split("/")) {
            p = p.child(s);
        }
        tree.put(Node.leaf(p, value == null ? "" : value, "chr", "text/plain", acl, false));
    }

    /** The ServerIDs the gateway has accounts for. */
    @Override
    public List<String> serverIds() {
        List<String> ids = new ArrayList<>();
        for (String name : tree.childNames(StandardObjects.DM_ACC)) {
            text(StandardObjects.DM_ACC.child(name).child("ServerID")).ifPresent(ids::add);
        }
        return ids;
    }

    /** The account for a server as the session engine needs it, read from the tree as it is now. */
    @Override
    public Optional<DmAccount> account(String serverId, Encoding encoding) {
        return find(serverId).map(acc -> {
            NodePath cl = acc.child("AppAuth").child("CLCRED");
            NodePath srv = acc.child("AppAuth").child("SRVCRED");
            AuthType clientAuth = text(cl.child("AAuthType")).flatMap(AuthType::ofName).orElse(AuthType.BASIC);
            Secret client = new Secret(text(cl.child("AAuthName")).orElse(""), text(cl.child("AAuthSecret")).orElse(""));
            AuthType serverAuth = text(srv.child("AAuthType")).flatMap(AuthType::ofName).orElse(null);
            Secret server = serverAuth == null ? null
                    : new Secret(text(srv.child("AAuthName")).orElse(serverId), text(srv.child("AAuthSecret"))
                    .orElse(""));
            URI url = URI.create(text(acc.child("AppAddr").child("1").child("Addr")).orElseThrow(
                    () -> new IllegalStateException("DM account " + serverId + " has no AppAddr/1/Addr")));
            return new DmAccount(serverId, url, clientAuth, client, serverAuth, server, encoding);
        });
    }

    /** The account's nonces, kept in AAuthData; every change is committed before the setter returns. */
    @Override
    public NonceKeeper nonces(String serverId) {
        NodePath acc = find(serverId).orElseThrow(() -> new IllegalArgumentException("no DM account " + serverId));
        NodePath cl = acc.child("AppAuth").child("CLCRED").child("AAuthData");
        NodePath srv = acc.child("AppAuth").child("SRVCRED").child("AAuthData");
        return new NonceKeeper() {
            @Override
            public byte[] clientNonce() {
                return bytes(cl);
            }

            @Override
            public void clientNonce(byte[] nonce) {
                store(cl, nonce);
            }

            @Override
            public byte[] serverNonce() {
                return bytes(srv);
            }

            @Override
            public void serverNonce(byte[] nonce) {
                store(srv, nonce);
            }
        };
    }

    private byte[] bytes(NodePath p) {
        return tree.node(p).map(Node::value).filter(v -> v.length > 0).orElse(null);
    }

    private void store(NodePath p, byte[] nonce) {
        Node current = tree.node(p).orElseThrow(() -> new IllegalStateException(p + " is missing"));
        tree.put(current.withValue(nonce, "bin", "application/octet-stream"));
        tree.commit();
    }

    private Optional<NodePath> find(String serverId) {
        for (String name : tree.childNames(StandardObjects.DM_ACC)) {
            NodePath acc = StandardObjects.DM_ACC.child(name);
            if (text(acc.child("ServerID")).map(serverId::equals).orElse(false)) {
                return Optional.of(acc);
            }
        }
        return Optional.empty();
    }

    private Optional<String> text(NodePath p) {
        return tree.node(p).map(n -> new String(n.value(), StandardCharsets.UTF_8));
    }

    /** A ServerID as a node name: characters a node name cannot hold become '_'. */
    /** Package 0 checks against these accounts: the server's SRVCRED and server nonce (DM 1.2 Notification §6). */
    public Package0Verifier package0Verifier() {
        return new Package0Verifier(serverId -> account(serverId, Encoding.WBXML).map(a ->
                new Package0Verifier.Account(a.serverSecret(), nonces(serverId).serverNonce())));
    }

    /** The ./DMAcc node name of a server's account, from its ServerID. */
    public static String nodeName(String serverId) {
        String n = serverId.replace('/', '_').replace('?', '_');
        return NodePath.isValidName(n) ? n : "server";
    }
}
