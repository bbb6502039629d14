package io.omadm.gateway.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.northbound.NonceKeeper;
import io.omadm.gateway.persistence.Settings;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import io.omadm.gateway.tree.TreeResult;
import io.omadm.gateway.tree.TreeUri;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StandardObjectsTest {

    static final GatewayIdentity ID = new GatewayIdentity("GW-7", "Acme", "GW-1", "1.2", "en", "gateway", "Acme",
            "fw-2", "sw-3", "hw-4");
    static final DmAccounts.Settings SETTINGS = new DmAccounts.Settings("dm.example", "https://dm.example/dm",
            AuthType.MD5, "gw", "gw-pass", AuthType.MD5, "srv-pass", "n1".getBytes(StandardCharsets.US_ASCII), null);

    private InMemoryTreeStore store;
    private DmTree tree;

    @BeforeEach
    void setUp() {
        store = new InMemoryTreeStore();
        tree = new DmTree(store);
        StandardObjects.mount(tree, ID);
    }

    private String get(String uri, String server) {
        TreeResult r = tree.get(TreeUri.parse(uri).orElseThrow(), server);
        assertEquals(200, r.status(), uri + ": " + r.reason());
        return new String(r.values().get(0).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void devInfoAndDevDetailAreReadableByAnyServerAndReadOnly() {
        assertEquals("GW-7", get("./DevInfo/DevId", "any"));
        assertEquals("DevId/Man/Mod/DmV/Lang", get("./DevInfo", "any"));
        assertEquals("true", get("./DevDetail/LrgObj", "any"));
        assertEquals("32", get("./DevDetail/URI/MaxDepth", "any"));
        assertEquals("fw-2", get("./DevDetail/FwV", "any"));
        assertEquals("urn:oma:mo:oma-dm-devinfo:1.0", get("./DevInfo?prop=Type", "any"));
        assertEquals(425, tree.replace(TreeUri.parse("./DevInfo/Man").orElseThrow(), "chr", null,
                "x".getBytes(), "any").status());
        assertEquals(405, tree.replace(TreeUri.parse("./DevInfo/Man").orElseThrow(), "chr", null,
                "x".getBytes(), null).status(), "even the gateway cannot write a served leaf");
    }

    @Test
    void theAccountIsSeededFromConfigAsDm12DmAcc() {
        DmAccounts accounts = new DmAccounts(tree);
        accounts.seed(SETTINGS);
        assertEquals(java.util.List.of("dm.example"), accounts.serverIds());
        assertEquals("dm.example", get("./DMAcc/dm.example/ServerID", "dm.example"));
        assertEquals("https://dm.example/dm", get("./DMAcc/dm.example/AppAddr/1/Addr", "dm.example"));
        assertEquals("DIGEST", get("./DMAcc/dm.example/AppAuth/CLCRED/AAuthType", "dm.example"));
        assertEquals("CLCRED", get("./DMAcc/dm.example/AppAuth/CLCRED/AAuthLevel", "dm.example"));
        DmAccount acc = accounts.account("dm.example", Encoding.WBXML).orElseThrow();
        assertEquals(AuthType.MD5, acc.clientAuth());
        assertEquals("gw-pass", acc.clientSecret().password());
        assertEquals("srv-pass", acc.serverSecret().password());
    }

    @Test
    void secretsAndNoncesAreNoGetButTheServerMayReplaceThem() {
        DmAccounts accounts = new DmAccounts(tree);
        accounts.seed(SETTINGS);
        TreeUri secret = TreeUri.parse("./DMAcc/dm.example/AppAuth/CLCRED/AAuthSecret").orElseThrow();
        assertEquals(425, tree.get(secret, "dm.example").status());
        assertEquals(425, tree.get(TreeUri.parse("./DMAcc/dm.example/AppAuth/CLCRED/AAuthData").orElseThrow(),
                "dm.example").status());
        assertEquals(200, tree.replace(secret, "chr", null, "rotated".getBytes(), "dm.example").status());
        assertEquals("rotated", accounts.account("dm.example", Encoding.XML).orElseThrow().clientSecret().password());
        assertEquals(425, tree.get(TreeUri.parse("./DMAcc/dm.example/Name").orElseThrow(), "other").status(),
                "another server cannot read this account");
    }

    @Test
    void noncesAreDurableTheMomentTheyAreSet() {
        DmAccounts accounts = new DmAccounts(tree);
        accounts.seed(SETTINGS);
        NonceKeeper n = accounts.nonces("dm.example");
        assertArrayEquals("n1".getBytes(StandardCharsets.US_ASCII), n.clientNonce());
        n.clientNonce(new byte[] {9, 8, 7});
        n.serverNonce(new byte[] {1});
        DmTree reopened = new DmTree(store);
        StandardObjects.mount(reopened, ID);
        NonceKeeper again = new DmAccounts(reopened).nonces("dm.example");
        assertArrayEquals(new byte[] {9, 8, 7}, again.clientNonce());
        assertArrayEquals(new byte[] {1}, again.serverNonce());
    }

    @Test
    void seedingAgainDoesNotUndoWhatTheServerChanged() {
        DmAccounts accounts = new DmAccounts(tree);
        accounts.seed(SETTINGS);
        tree.replace(TreeUri.parse("./DMAcc/dm.example/AppAddr/1/Addr").orElseThrow(), "chr", null,
                "https://moved.example/dm".getBytes(), "dm.example");
        tree.commit();
        accounts.seed(SETTINGS);
        assertTrue(accounts.account("dm.example", Encoding.XML).orElseThrow().serverUrl().toString()
                .startsWith("https://moved.example"));
    }

    @Test
    void whenTheOperatorChangesConfigConfigWinsButTheNoncesStay() {
        DmAccounts accounts = new DmAccounts(tree);
        accounts.seed(SETTINGS);
        accounts.nonces("dm.example").clientNonce(new byte[] {5, 5});
        accounts.seed(new DmAccounts.Settings("dm.example", "https://new.example/dm", AuthType.HMAC, "gw", "new-pass",
                AuthType.HMAC, "srv-pass", null, null));
        DmAccount acc = accounts.account("dm.example", Encoding.XML).orElseThrow();
        assertEquals("https://new.example/dm", acc.serverUrl().toString());
        assertEquals(AuthType.HMAC, acc.clientAuth());
        assertEquals("new-pass", acc.clientSecret().password());
        assertArrayEquals(new byte[] {5, 5}, accounts.nonces("dm.example").clientNonce());
        assertEquals(1, accounts.serverIds().size());
    }
}
